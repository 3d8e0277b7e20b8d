import { randomUUID } from 'node:crypto';

import { ConflictError, isLate } from '@council/core';
import { outboxInsertSql, outboxRequestId } from '@council/messaging';
import type { StoredValue } from '@council/metrics';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryConfig } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

import { auditInsertSql } from './audit-log.sql.js';
import { type ReportEntity, ReportStatus } from './report.entity.js';
import { lockReport, namedQuery, readVersion, type ReportView } from './report.store.js';
import { diffValues, reportRowSnapshotSql, submittedSnapshotPart } from './report-snapshot.js';
import { ReportVersionEntity } from './report-version.entity.js';
import { changedNarrative, CLEARED_BY_SUBMISSION, CLEARED_BY_SUBMISSION_SQL, type Submission } from './submission.js';

/** What a submission needs to know before it writes: one pooled read, no transaction. */
export interface SubmissionState {
  /** The unit's highest figure per metric over its earlier quarters (the outlier rule's history). */
  previousMax: Map<string, number>;
  /** The report's latest version number (0: no report yet, or only a draft). */
  version: number;
  /** The content of that version (what the audit entry diffs against); null while version is 0. */
  previous: { values: StoredValue[]; highlights: string | null; shortcomings: string | null; proposals: string | null } | null;
  /** A version of this report already carries the idempotency key. */
  keyUsed: boolean;
}

/** Everything the one-statement submission writes, computed before it runs. */
export interface FastSubmission {
  unitCode: string;
  /** The unit's identity as the quarter began (issue 14). */
  unitId: string | null;
  unitLevel: string;
  rootCode: string;
  districtCode: string | null;
  period: string;
  /** For a report created by this submission; an existing report keeps its own. */
  dueDate: string;
  now: Date;
  /** Today in Vietnam: later than the due date means late. */
  today: string;
  /** The version the state was read at: the write happens only if it is still the latest. */
  expectedVersion: number;
  versionId: string;
  submittedBy: string;
  userRole: string;
  values: StoredValue[];
  highlights: string | null;
  shortcomings: string | null;
  proposals: string | null;
  findings: unknown;
  idempotencyKey: string | null;
  contentHash: string;
  /** The audit entry's changes except `late` (decided against the stored due date). */
  changes: Record<string, unknown>;
  outboxId: string;
}

/**
 * What the stored report row holds that the caller cannot know beforehand, plus whether this submission
 * came late. The rest of the row is as the statement wrote it: SUBMITTED, no draft, no review, and the
 * unit's code, level, province and district the row was created with (the unit as the quarter began).
 */
export interface SubmittedRow {
  id: string;
  version: number;
  revision: number;
  dueDate: string;
  firstSubmittedAt: Date;
  late: boolean;
  createdAt: Date;
  updatedAt: Date;
  lateNow: boolean;
}

// Names of server-side prepared statements: each pooled connection parses and plans them once.
// Changing a statement's text needs a new name (pg refuses one name with two texts on a connection).
const STATE = 'reporting.submission-state.v1';
const SUBMIT = 'reporting.submit.v7';
const SUBMIT_LOCKED = 'reporting.submit-locked.v3';

/**
 * Both submission statements end with the event: its id in $23, what the submission decides in $24
 * (`submittedSnapshotPart`), the rest from the report row `r` the statement wrote (`reportRowSnapshotSql`), and the
 * request's id in $25.
 */
const SUBMITTED_EVENT_SQL = outboxInsertSql(
  'district',
  { id: '$23', type: `'ReportSubmitted'`, aggregateId: 'r.id', payload: `$24::jsonb || ${reportRowSnapshotSql('r')}`, requestId: '$25' },
  'r',
);

const STATE_SQL = `
SELECT (SELECT coalesce(jsonb_object_agg(h.metric, h.max), '{}'::jsonb)
          FROM (SELECT rv.metric_code AS metric, max(rv.value)::int AS max
                  FROM district.report p JOIN district.report_value rv ON rv.report_id = p.id AND rv.version = p.version
                 WHERE p.unit_code = $1 AND p.period < $2 AND p.version > 0
                 GROUP BY rv.metric_code) h) AS "previousMax",
       r.version,
       v.values AS "previousValues", v.highlights, v.shortcomings, v.proposals,
       ($3::varchar IS NOT NULL AND EXISTS (SELECT 1 FROM district.report_version e WHERE e.report_id = r.id AND e.idempotency_key = $3::varchar)) AS "keyUsed"
  FROM (SELECT 1) one
  LEFT JOIN district.report r ON r.unit_code = $1 AND r.period = $2
  LEFT JOIN district.report_version v ON v.report_id = r.id AND v.version = r.version AND r.version > 0`;

/**
 * Whether the quarter is open for this report (`district.quarter_open_for`, migration 1796570000000: it takes the
 * quarter's lock shared for the rest of the statement's transaction, then reads the closures and grants as
 * `ClosingService.state` does, in a fresh snapshot). Checked twice: before the insert (a closed quarter writes
 * nothing, and the lock is held before any row lock is waited for), and again in the update's WHERE, which runs once
 * the report's row is locked, so a grant ended by a review that held the row is seen.
 */
const OPEN_SQL = `district.quarter_open_for($5::text, $1::text, ARRAY[$3::text, $4::text])`;

/**
 * A submission in one statement (and so one transaction, committed as it
 * returns): the report row is created or updated — only if its quarter is open
 * for it (not closed, or reopened) and its latest version is still the one the
 * state was read at — and the version, its figures, the audit entry and the
 * event follow from the row it returns. If the quarter is closed or the version
 * moved on meanwhile, nothing is written and no row comes back. Whatever
 * depends on the stored row (revision, due date, lateness, first submission)
 * is taken from it, after its lock, not from the earlier read.
 */
const SUBMIT_SQL = `
WITH r AS (
  INSERT INTO district.report AS t (unit_code, unit_level, root_code, district_code, period, status, due_date, version, revision, first_submitted_at, late, unit_id)
  SELECT $1::varchar, $2::district.council_level, $3::varchar, $4::varchar, $5::varchar, 'SUBMITTED', $6::date, 1, 1, $7::timestamptz, $8::date > $6::date, $26::uuid
   WHERE ${OPEN_SQL}
  ON CONFLICT (unit_code, period) DO UPDATE SET
    status = 'SUBMITTED', version = t.version + 1, revision = t.revision + 1, unit_id = coalesce(t.unit_id, EXCLUDED.unit_id),
    first_submitted_at = coalesce(t.first_submitted_at, EXCLUDED.first_submitted_at),
    late = CASE WHEN t.version = 0 THEN $8::date > t.due_date ELSE t.late END,
    ${CLEARED_BY_SUBMISSION_SQL}, updated_at = now()
  WHERE t.version = $9::int AND ${OPEN_SQL}
  RETURNING t.*, $8::date > t.due_date AS late_now),
v AS (
  INSERT INTO district.report_version (id, report_id, version, submitted_at, submitted_by, late, values, highlights, shortcomings, proposals, findings, idempotency_key, content_hash)
  SELECT $10::uuid, r.id, r.version, $7::timestamptz, $11, r.late_now, $12::jsonb, $13, $14, $15, $16::jsonb, $17, $18 FROM r),
vals AS (
  INSERT INTO district.report_value (report_id, version, metric_code, value)
  SELECT r.id, r.version, u.m, u.x FROM r, unnest($19::varchar[], $20::int[]) AS u(m, x)),
a AS (
  ${auditInsertSql(
    {
      username: '$11',
      role: '$21',
      action: "'SUBMIT'",
      unitCode: 'r.unit_code',
      period: 'r.period',
      reportId: 'r.id',
      version: 'r.version',
      changes: "$22::jsonb || jsonb_build_object('late', r.late_now)",
    },
    'r',
  )}),
o AS (
  ${SUBMITTED_EVENT_SQL})
SELECT id, version, revision, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", first_submitted_at AS "firstSubmittedAt", late,
       created_at AS "createdAt", updated_at AS "updatedAt", late_now AS "lateNow"
  FROM r`;

/**
 * The locked path's writes, in one statement on the transaction holding the report's row lock: the version, its
 * figures, the report row (as `report` now stands), the audit entry and the event — one round trip instead of five
 * (foreign keys are checked at the end of the statement, so the figures may follow their version). The event is built
 * as the fast path builds it.
 */
const SUBMIT_LOCKED_SQL = `
WITH v AS (
  INSERT INTO district.report_version (id, report_id, version, submitted_at, submitted_by, late, values, highlights, shortcomings, proposals, findings, idempotency_key, content_hash)
  VALUES ($1::uuid, $2::uuid, $3::int, $4::timestamptz, $5, $6, $7::jsonb, $8, $9, $10, $11::jsonb, $12, $13)),
vals AS (
  INSERT INTO district.report_value (report_id, version, metric_code, value)
  SELECT $2::uuid, $3::int, m, x FROM unnest($14::varchar[], $15::int[]) AS t(m, x)),
r AS (
  UPDATE district.report SET status = 'SUBMITTED', version = $3::int, revision = $16::int, first_submitted_at = $17::timestamptz, late = $18::boolean,
         ${CLEARED_BY_SUBMISSION_SQL}, updated_at = now()
   WHERE id = $2::uuid
   RETURNING *),
a AS (
  ${auditInsertSql({ username: '$5', role: '$19', action: "'SUBMIT'", unitCode: '$20', period: '$21', reportId: '$2', version: '$3', changes: '$22' })})
${SUBMITTED_EVENT_SQL}`;

/**
 * The submission's hot path on a pooled connection, without TypeORM's query
 * runner and without BEGIN/COMMIT round trips: one read before validation,
 * one statement that writes. Both are named statements, so PostgreSQL parses
 * and plans them once per connection. Never called inside a transaction.
 */
@Injectable()
export class SubmissionStore {
  private pool?: Pool;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private query<R>(config: QueryConfig): Promise<R[]> {
    // TypeORM's PostgresDriver keeps its pg.Pool as `master` (no replication configured).
    this.pool ??= (this.db.driver as unknown as { master: Pool }).master;
    return this.pool.query(config).then((res) => res.rows as R[]);
  }

  async state(unitCode: string, period: string, idempotencyKey: string | null): Promise<SubmissionState> {
    const [row] = await this.query<{
      previousMax: Record<string, number>;
      version: number | null;
      previousValues: StoredValue[] | null;
      highlights: string | null;
      shortcomings: string | null;
      proposals: string | null;
      keyUsed: boolean;
    }>({ name: STATE, text: STATE_SQL, values: [unitCode, period, idempotencyKey] });
    const version = row.version ?? 0;
    return {
      previousMax: new Map(Object.entries(row.previousMax)),
      version,
      previous:
        version > 0 && row.previousValues
          ? { values: row.previousValues, highlights: row.highlights, shortcomings: row.shortcomings, proposals: row.proposals }
          : null,
      keyUsed: row.keyUsed,
    };
  }

  /**
   * Writes the submission if the quarter is open for the report and its latest
   * version is still `expectedVersion`; returns the stored report row, or null
   * (nothing written) if the quarter is closed or another submission came first.
   */
  async submit(s: FastSubmission, payload: Record<string, unknown>): Promise<SubmittedRow | null> {
    const [row] = await this.query<SubmittedRow>({
      name: SUBMIT,
      text: SUBMIT_SQL,
      values: [
        s.unitCode,
        s.unitLevel,
        s.rootCode,
        s.districtCode,
        s.period,
        s.dueDate,
        s.now,
        s.today,
        s.expectedVersion,
        s.versionId,
        s.submittedBy,
        JSON.stringify(s.values),
        s.highlights,
        s.shortcomings,
        s.proposals,
        JSON.stringify(s.findings),
        s.idempotencyKey,
        s.contentHash,
        s.values.map((v) => v.metric),
        s.values.map((v) => v.value),
        s.userRole,
        JSON.stringify(s.changes),
        s.outboxId,
        JSON.stringify(payload),
        outboxRequestId(),
        s.unitId,
      ],
    });
    return row ?? null;
  }
}

/**
 * A submission in a transaction holding the report's row lock: what the API does with a replayed idempotency key or
 * a submission that lost a race, and how the demo seed files its reports (many in one transaction). A key already
 * used returns the version it brought (`wrote` false), or a conflict if the content differs; otherwise the next
 * version is written with SUBMIT_LOCKED_SQL. `check`, if given, runs first on the locked row and may refuse (the
 * API's closing check). The caller wakes the relay once its transaction is committed.
 */
export async function submitUnderLock(
  tx: EntityManager,
  submission: Submission,
  check?: (report: ReportEntity) => Promise<void>,
): Promise<{ view: ReportView; wrote: boolean }> {
  const { user, unit, quarter, dueDate, input, values, findings, contentHash, idempotencyKey } = submission;
  const report = await lockReport(tx, unit, quarter, dueDate);
  // The API's closing check (`ClosingService.assertOpen`), once the report's row is locked; the demo seed has none.
  if (check) await check(report);
  if (idempotencyKey) {
    const earlier = await tx.getRepository(ReportVersionEntity).findOneBy({ reportId: report.id, idempotencyKey });
    if (earlier) {
      if (earlier.contentHash !== contentHash) {
        throw new ConflictError(
          {
            vi: 'Khóa chống gửi trùng đã được dùng cho một nội dung khác',
            en: 'This idempotency key was already used with different content',
          },
          { field: 'idempotencyKey', version: earlier.version },
        );
      }
      return { view: { report, shown: earlier, findings: earlier.findings }, wrote: false };
    }
  }
  const now = submission.at ?? new Date();
  const first = report.version === 0;
  const previous = first ? null : await readVersion(tx, report.id, report.version);
  const lateNow = isLate(now, report.dueDate);
  const version = Object.assign(new ReportVersionEntity(), {
    id: randomUUID(),
    reportId: report.id,
    version: report.version + 1,
    submittedAt: now,
    submittedBy: user.username,
    late: lateNow,
    values,
    highlights: input.highlights ?? null,
    shortcomings: input.shortcomings ?? null,
    proposals: input.proposals ?? null,
    findings,
    idempotencyKey,
    contentHash,
  });
  Object.assign(report, {
    status: ReportStatus.SUBMITTED,
    version: version.version,
    revision: report.revision + 1,
    firstSubmittedAt: first ? now : report.firstSubmittedAt,
    late: first ? lateNow : report.late,
    ...CLEARED_BY_SUBMISSION,
  });
  const changes = {
    values: diffValues(previous?.values, values),
    narrative: changedNarrative(previous ?? {}, input),
    late: lateNow,
    idempotencyKey,
    warnings: findings.map((f) => f.rule),
  };
  await namedQuery(tx, {
    name: SUBMIT_LOCKED,
    text: SUBMIT_LOCKED_SQL,
    values: [
      version.id,
      report.id,
      version.version,
      version.submittedAt,
      version.submittedBy,
      version.late,
      JSON.stringify(version.values),
      version.highlights,
      version.shortcomings,
      version.proposals,
      JSON.stringify(version.findings),
      version.idempotencyKey,
      version.contentHash,
      version.values.map((v) => v.metric),
      version.values.map((v) => v.value),
      report.revision,
      report.firstSubmittedAt,
      report.late,
      user.role,
      report.unitCode,
      report.period,
      JSON.stringify(changes),
      randomUUID(),
      JSON.stringify(submittedSnapshotPart(values, now)),
      outboxRequestId(),
    ],
  });
  return { view: { report, shown: version, findings }, wrote: true };
}
