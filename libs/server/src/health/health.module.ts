import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { HealthController } from './health.controller.js';
import { HealthRegistry } from './health.registry.js';

/** GET /health: PostgreSQL and Redis, plus whatever feature modules register; and the registry /metrics scrapes. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
  controllers: [HealthController],
  providers: [HealthRegistry, MetricsRegistry],
  exports: [HealthRegistry, MetricsRegistry],
})
export class HealthModule {}
