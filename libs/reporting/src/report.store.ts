import { randomUUID } from 'node:crypto';

import { districtCodeOf, type QuarterPeriod, type ValidationFinding } from '@council/core';
import { appendDistrictEvent, type DistrictEvent, outboxInsertSql, OutboxNotifier, outboxRequestId } from '@council/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryConfig } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

import type { AuditAction } from './audit-log.entity.js';
import { auditInsertSql } from './audit-log.sql.js';
import { ReportEntity, ReportStatus } from './report.entity.js';
import { snapshotOf } from './report-snapshot.js';
import { ReportVersionEntity } from './report-version.entity.js';
import type { Actor, ReportUnit } from './submission.js';

/** A report and the version whose figures are shown (null while only a draft exists). */
export interface ReportView {
  report: ReportEntity;
  shown: ReportVersionEntity | null;
  /** For a draft: every finding of its last save, ERRORs included; otherwise the shown version's (warnings only). */
  findings: ValidationFinding[];
}

/** The report's columns as entity properties, for raw statements that return a report. */
const REPORT_COLUMNS = `id, unit_code AS "unitCode", unit_id AS "unitId", unit_level AS "unitLevel", root_code AS "rootCode", district_code AS "districtCode", period, status,
  version, revision, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", first_submitted_at AS "firstSubmittedAt", late, draft_values AS "draftValues",
  draft_highlights AS "draftHighlights", draft_shortcomings AS "draftShortcomings", draft_proposals AS "draftProposals", draft_saved_by AS "draftSavedBy",
  draft_findings AS "draftFindings", review_comment AS "reviewComment", reviewed_by AS "reviewedBy", reviewed_at AS "reviewedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

// Names of prepared statements (see SubmissionStore): a new text needs a new name.
const LOCK_REPORT = 'reporting.lock-report.v2';
const REVIEWED = 'reporting.reviewed.v3';

const LOCK_REPORT_SQL = `
INSERT INTO district.report (unit_code, unit_level, root_code, district_code, period, status, due_date, unit_id)
VALUES ($1, $2, $3, $4, $5, 'DRAFT', $6, $7)
ON CONFLICT (unit_code, period) DO UPDATE SET unit_code = EXCLUDED.unit_code, unit_id = coalesce(report.unit_id, EXCLUDED.unit_id)
RETURNING ${REPORT_COLUMNS}`;

/** A review's writes in one statement: the row's status, revision and review, the audit entry and the event. */
const REVIEWED_SQL = `
WITH r AS (
  UPDATE district.report SET status = $2, revision = $3::int, review_comment = $4, reviewed_by = $5, reviewed_at = $6::timestamptz, updated_at = now()
   WHERE id = $1::uuid),
a AS (
  ${auditInsertSql({ username: '$5', role: '$7', action: '$8', unitCode: '$9', period: '$10', reportId: '$1', version: '$11', changes: '$12' })})
${outboxInsertSql('district', { id: '$13', type: '$14', aggregateId: '$15', payload: '$16', requestId: '$17' })}`;

/**
 * A named statement on the transaction's own connection (TypeORM's query() cannot name one): parsed and planned once
 * per connection, like the fast path's — it counts where many changes share a transaction (the demo seed's).
 */
export async function namedQuery<R = Record<string, unknown>>(tx: EntityManager, config: QueryConfig): Promise<R[]> {
  if (!tx.queryRunner) throw new Error('namedQuery needs the EntityManager of a transaction');
  const client = (await tx.queryRunner.connect()) as PoolClient;
  return (await client.query(config)).rows as R[];
}

/**
 * The report row for this unit and quarter, created if needed, locked for
 * the rest of the transaction. Everything in a transaction goes through `tx`:
 * nothing here may wait for another pooled connection.
 */
export async function lockReport(tx: EntityManager, unit: ReportUnit, quarter: QuarterPeriod, dueDate: string): Promise<ReportEntity> {
  // One statement creates the row or, if it exists, takes its lock (the no-op update) and returns it either way.
  const [row] = await namedQuery(tx, {
    name: LOCK_REPORT,
    text: LOCK_REPORT_SQL,
    values: [unit.code, unit.level, unit.rootCode, districtCodeOf(unit), quarter.code, dueDate, unit.unitId],
  });
  return Object.assign(new ReportEntity(), row);
}

/** One UPDATE of the locked row (TypeORM's save() would read it again first). */
export async function persistReport(tx: EntityManager, report: ReportEntity): Promise<void> {
  const { id, createdAt: _c, updatedAt: _u, ...fields } = report;
  await tx.getRepository(ReportEntity).update(id, fields);
}

export async function readVersion(tx: EntityManager, reportId: string, version: number): Promise<ReportVersionEntity> {
  const row = await tx.getRepository(ReportVersionEntity).findOneBy({ reportId, version });
  if (!row) throw new Error(`report ${reportId} has no version ${version}`);
  return row;
}

/** The audit entry of a change, written as `actor` (the signed-in user, or a system actor). */
export async function writeAudit(
  tx: EntityManager,
  actor: Actor,
  report: ReportEntity,
  action: AuditAction,
  version: number | null,
  changes: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    auditInsertSql({
      username: '$1',
      role: '$2',
      action: '$3',
      unitCode: '$4',
      period: '$5',
      reportId: '$6',
      version: '$7',
      changes: '$8',
    }),
    [actor.username, actor.role, action, report.unitCode, report.period, report.id, version, JSON.stringify(changes)],
  );
}

/** The event of a change, for the city: the report as it now stands with the figures of `version`. */
export async function emitChange(
  tx: EntityManager,
  report: ReportEntity,
  version: ReportVersionEntity,
  type: DistrictEvent['type'],
  at: Date,
): Promise<void> {
  await appendDistrictEvent(tx, report.id, { type, payload: snapshotOf(report, version, at) } as DistrictEvent);
}

/**
 * A review as `report` now stands (status, revision and review already set on it), in one statement: the row, the
 * audit entry (`changes`, as `reviewer`) and the event of `type` with the figures of `version`.
 */
export async function writeReviewed(
  tx: EntityManager,
  report: ReportEntity,
  w: {
    version: ReportVersionEntity;
    reviewer: Actor;
    action: AuditAction;
    changes: Record<string, unknown>;
    type: DistrictEvent['type'];
    at: Date;
  },
): Promise<void> {
  await namedQuery(tx, {
    name: REVIEWED,
    text: REVIEWED_SQL,
    values: [
      report.id,
      report.status,
      report.revision,
      report.reviewComment,
      report.reviewedBy,
      report.reviewedAt,
      w.reviewer.role,
      w.action,
      report.unitCode,
      report.period,
      report.version,
      JSON.stringify(w.changes),
      randomUUID(),
      w.type,
      report.id,
      JSON.stringify(snapshotOf(report, w.version, w.at)),
      outboxRequestId(),
    ],
  });
}

/**
 * The reports' rows as the reporting services read them, and the transaction of a change: the functions above write
 * the report's row, its audit entry and its event inside the caller's transaction, and need nothing injected, so the
 * demo seed writes through them as the services do. (Submissions' writes are SubmissionStore's and `submitUnderLock`.)
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

  async view(tx: EntityManager, report: ReportEntity): Promise<ReportView> {
    if (report.version === 0) return { report, shown: null, findings: report.draftFindings ?? [] };
    const shown = await readVersion(tx, report.id, report.version);
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
}
