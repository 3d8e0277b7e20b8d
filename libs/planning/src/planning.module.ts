import { AuthModule } from '@council/auth';
import { OutboxNotifier } from '@council/messaging';
import { MetricsModule } from '@council/metrics';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AnnualPlanEntity } from './annual-plan.entity.js';
import { AnnualPlanResolver } from './annual-plan.resolver.js';
import { PlanningService } from './planning.service.js';

/** District side: councils' annual targets, sent to the city like reports. */
@Module({
  imports: [TypeOrmModule.forFeature([AnnualPlanEntity]), AuthModule, MetricsModule],
  providers: [OutboxNotifier, PlanningService, AnnualPlanResolver],
})
export class PlanningModule {}
