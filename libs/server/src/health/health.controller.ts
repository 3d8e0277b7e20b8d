import type { AppConfig } from '@council/core';
import { Controller, Get, Headers, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';

import { APP_CONFIG } from '../app-config.module.js';
import { Public } from '../authorization.decorators.js';
import { isOperator } from '../operator-token.js';
import { REDIS } from '../redis.module.js';
import { HealthRegistry } from './health.registry.js';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Up (200) or down (503). Anonymous callers (load balancers, the container's healthcheck) learn only that; the
   * details (queue names, dead letters, the outbox's last error, reconciliation samples) go to the operator's token.
   */
  @Get()
  async check(@Headers('authorization') authorization?: string) {
    const operator = isOperator(authorization, this.config.operatorToken);
    try {
      const result = await this.details();
      return operator ? result : { status: result.status };
    } catch (e) {
      if (operator || !(e instanceof ServiceUnavailableException)) throw e;
      throw new ServiceUnavailableException({ status: 'error' });
    }
  }

  private details() {
    return this.health.check([
      () => this.db.pingCheck('postgres').withTimeout(1500),
      async () => {
        const session = this.indicators.check('redis');
        try {
          await this.redis.ping();
          return session.up();
        } catch (e) {
          return session.down({ message: (e as Error).message });
        }
      },
      ...[...this.registry.probes].map(([key, probe]) => async () => {
        const session = this.indicators.check(key);
        try {
          return session.up(await probe());
        } catch (e) {
          return session.down({ message: (e as Error).message });
        }
      }),
    ]);
  }
}
