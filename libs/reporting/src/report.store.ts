import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { districtCodeOf, type QuarterPeriod, type ValidationFinding } from '@council/core';
import type { RequestContext } from '@council/auth';
import type { CouncilUnitEntity } from '@council/hierarchy';
import { appendDistrictEvent, OutboxNotifier, type DistrictEvent } from '@council/messaging';
import type { AuditAction } from './audit-log.entity.js';
import { snapshotOf } from './report-snapshot.js';
import { ReportVersionEntity } from './report-version.entity.js';
import { ReportEntity, ReportStatus } from './report.entity.js';

/** A report and the version whose figures are shown (null while only a draft exists). */
export interface ReportView {
  report: ReportEntity;
  shown: ReportVersionEntity | null;
  /** For a draft: the warnings found when it was saved. */
  findings: ValidationFinding[];
}

/** The report's columns as entity properties, for raw statements that return a report. */
const REPORT_COLUMNS = `id, unit_code AS "unitCode", unit_level AS "unitLevel", root_code AS "rootCode", district_code AS "districtCode", period, status,
  version, revision, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", first_submitted_at AS "firstSubmittedAt", late, draft_values AS "draftValues",
  draft_highlights AS "draftHighlights", draft_shortcomings AS "draftShortcomings", draft_proposals AS "draftProposals", draft_saved_by AS "draftSavedBy",
  draft_findings AS "draftFindings", review_comment AS "reviewComment", reviewed_by AS "reviewedBy", reviewed_at AS "reviewedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * The reports' rows as the reporting services change them: the transaction that wakes the relay once committed, the
 * report's row lock, its versions, the audit entry and the event of a change. (Submissions' one-statement hot path
 * is SubmissionStore's.)
 */
@Injectable()
export class ReportStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxNotifier,
  ) {}

  /** Runs a change and, once it is committed, wakes the relay for the event it wrote. */
  async changing<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(work);
    this.outbox.notify();
    return result;
  }

  /**
   * The report row for this unit and quarter, created if needed, locked for
   * the rest of the transaction. Everything in a transaction goes through `tx`:
   * nothing here may wait for another pooled connection.
   */
  async lockReport(tx: EntityManager, unit: CouncilUnitEntity, quarter: QuarterPeriod, dueDate: string): Promise<ReportEntity> {
    // One statement creates the row or, if it exists, takes its lock (the no-op update) and returns it either way.
    const [row] = await tx.query(
      `INSERT INTO district.report (unit_code, unit_level, root_code, district_code, period, status, due_date)
       VALUES ($1, $2, $3, $4, $5, 'DRAFT', $6)
       ON CONFLICT (unit_code, period) DO UPDATE SET unit_code = EXCLUDED.unit_code
       RETURNING ${REPORT_COLUMNS}`,
      [unit.code, unit.level, unit.rootCode, districtCodeOf(unit), quarter.code, dueDate],
    );
    return Object.assign(new ReportEntity(), row);
  }

  /** One UPDATE of the locked row (TypeORM's save() would read it again first). */
  async persist(tx: EntityManager, report: ReportEntity): Promise<void> {
    const { id, createdAt: _c, updatedAt: _u, ...fields } = report;
    await tx.getRepository(ReportEntity).update(id, fields);
  }

  async version(tx: EntityManager, reportId: string, version: number): Promise<ReportVersionEntity> {
    const row = await tx.getRepository(ReportVersionEntity).findOneBy({ reportId, version });
    if (!row) throw new Error(`report ${reportId} has no version ${version}`);
    return row;
  }

  async view(tx: EntityManager, report: ReportEntity): Promise<ReportView> {
    if (report.version === 0) return { report, shown: null, findings: report.draftFindings ?? [] };
    const shown = await this.version(tx, report.id, report.version);
    return { report, shown, findings: report.status === ReportStatus.DRAFT ? (report.draftFindings ?? []) : shown.findings };
  }

  /** Many reports with their current versions in one query. */
  async views(reports: ReportEntity[]): Promise<ReportView[]> {
    const submitted = reports.filter((r) => r.version > 0);
    const versions = submitted.length
      ? await this.db
          .getRepository(ReportVersionEntity)
          .createQueryBuilder('v')
          .innerJoin(ReportEntity, 'r', 'r.id = v.reportId AND r.version = v.version')
          .where('r.id IN (:...ids)', { ids: submitted.map((r) => r.id) })
          .getMany()
      : [];
    const byReport = new Map(versions.map((v) => [v.reportId, v]));
    return reports.map((report) => {
      const shown = byReport.get(report.id) ?? null;
      return { report, shown, findings: report.status === ReportStatus.DRAFT || !shown ? (report.draftFindings ?? []) : shown.findings };
    });
  }

  async audit(tx: EntityManager, ctx: RequestContext, report: ReportEntity, action: AuditAction, version: number | null, changes: Record<string, unknown>): Promise<void> {
    const user = ctx.requireUser();
    await tx.query(
      `INSERT INTO district.audit_log (username, user_role, action, unit_code, period, report_id, version, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [user.username, user.role, action, report.unitCode, report.period, report.id, version, JSON.stringify(changes)],
    );
  }

  async emit(tx: EntityManager, report: ReportEntity, version: ReportVersionEntity, type: DistrictEvent['type'], at: Date): Promise<void> {
    await appendDistrictEvent(tx, report.id, { type, payload: snapshotOf(report, version, at) } as DistrictEvent);
  }
}
