import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { DistrictOutboxEventEntity, OutboxNotifier } from '@council/messaging';
import { MetricsModule } from '@council/metrics';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountLockAudit } from './account-lock-audit.js';
import { AuditService } from './audit.service.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { CLOSING_ENTITIES } from './closing/closing.entities.js';
import { ClosingResolver, ReportClosingFieldsResolver } from './closing/closing.resolver.js';
import { ClosingService } from './closing/closing.service.js';
import { ReportEntity } from './report.entity.js';
import { ReportResolver } from './report.resolver.js';
import { ReportStore } from './report.store.js';
import { ReportDeadlineService } from './report-deadline.service.js';
import { ReportHistoryService } from './report-history.service.js';
import { ReportReviewService } from './report-review.service.js';
import { ReportValueEntity } from './report-value.entity.js';
import { ReportVersionEntity } from './report-version.entity.js';
import { ReportingService } from './reporting.service.js';
import { ReportingPeriodEntity } from './reporting-period.entity.js';
import { ReportingPeriodService } from './reporting-period.service.js';
import { SubmissionStore } from './submission.store.js';

/** District side: quarterly reports, their versions, review, audit, and the events for the city. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ReportEntity,
      ReportVersionEntity,
      ReportValueEntity,
      AuditLogEntity,
      ReportingPeriodEntity,
      DistrictOutboxEventEntity,
      ...CLOSING_ENTITIES,
    ]),
    AuthModule,
    HierarchyModule,
    MetricsModule,
  ],
  providers: [
    OutboxNotifier,
    ReportStore,
    ReportingService,
    ReportReviewService,
    ReportDeadlineService,
    ReportingPeriodService,
    ReportHistoryService,
    SubmissionStore,
    AuditService,
    AccountLockAudit,
    ReportResolver,
    ClosingService,
    ClosingResolver,
    ReportClosingFieldsResolver,
  ],
  exports: [ReportingService, AuditService, ReportingPeriodService],
})
export class ReportingModule {}
