import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';

import { Public } from '../authorization.decorators.js';
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
  ) {}

  @Get()
  @HealthCheck()
  check() {
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
