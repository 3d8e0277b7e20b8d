import type { RequestContext } from '@council/auth';
import { isLate, parseQuarter } from '@council/core';
import { Injectable } from '@nestjs/common';

import { AuditService } from './audit.service.js';
import { ReportEntity, ReportStatus } from './report.entity.js';
import { emitChange, persistReport, readVersion, ReportStore } from './report.store.js';
import { ReportingPeriodService } from './reporting-period.service.js';

/** A quarter's deadline changed, and with it the lateness of the quarter's reports. */
@Injectable()
export class ReportDeadlineService {
  constructor(
    private readonly periods: ReportingPeriodService,
    private readonly store: ReportStore,
    private readonly audit: AuditService,
  ) {}

  /**
   * Set a quarter's deadline (city staff). Every report of the quarter takes
   * the new date and whether it was late is decided again against it (an
   * extension forgives); reports whose lateness changed are announced to the
   * city like any other change.
   */
  async setDeadline(ctx: RequestContext, period: string, dueDate: string): Promise<string> {
    const quarter = parseQuarter(period, 'period');
    const before = await this.periods.dueDate(quarter);
    await this.periods.setDueDate(ctx, quarter.code, dueDate);
    await this.store.changing(async (tx) => {
      await this.audit.record(tx, ctx, {
        action: 'DEADLINE_SET',
        subject: `period:${quarter.code}`,
        changes: { before: { dueDate: before }, after: { dueDate } },
      });
      const reports = await tx.getRepository(ReportEntity).find({ where: { period: quarter.code }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      for (const report of reports) {
        const late = report.firstSubmittedAt !== null && isLate(report.firstSubmittedAt, dueDate);
        const changed = late !== report.late;
        report.dueDate = dueDate;
        report.late = late;
        if (changed && report.version > 0 && report.status !== ReportStatus.DRAFT) report.revision += 1;
        await persistReport(tx, report);
        if (changed && report.version > 0 && report.status !== ReportStatus.DRAFT) {
          await emitChange(tx, report, await readVersion(tx, report.id, report.version), 'ReportDeadlineChanged', now);
        }
      }
    });
    return dueDate;
  }
}
