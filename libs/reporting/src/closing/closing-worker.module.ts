import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { OutboxNotifier } from '@council/messaging';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditService } from '../audit.service.js';
import { ReportingPeriodService } from '../reporting-period.service.js';
import { CLOSING_ENTITIES } from './closing.entities.js';
import { ClosingService } from './closing.service.js';
import { QuarterClosedProcessor } from './quarter-closed.processor.js';

/** sync-worker: QuarterClosed from the city side (its briefing marked held) recorded on the district side. */
@Module({
  imports: [TypeOrmModule.forFeature(CLOSING_ENTITIES), AuthModule, HierarchyModule],
  providers: [ClosingService, AuditService, OutboxNotifier, ReportingPeriodService, QuarterClosedProcessor],
})
export class ClosingWorkerModule {}
