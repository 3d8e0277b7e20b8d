import type { ReportSnapshot } from '@council/messaging';
import type { StoredValue } from '@council/metrics';

import { type ReportEntity, ReportStatus } from './report.entity.js';
import type { ReportVersionEntity } from './report-version.entity.js';

/** The event payload for a report's current state: the figures of its latest version. */
export function snapshotOf(report: ReportEntity, version: ReportVersionEntity, changedAt: Date): ReportSnapshot {
  if (report.status === ReportStatus.DRAFT) throw new Error('a draft is not sent to the city');
  return {
    reportId: report.id,
    unitCode: report.unitCode,
    unitLevel: report.unitLevel,
    rootCode: report.rootCode,
    districtCode: report.districtCode,
    period: report.period,
    version: version.version,
    revision: report.revision,
    status: report.status,
    counts: report.status !== ReportStatus.RETURNED,
    values: Object.fromEntries(version.values.map((v) => [v.metric, v.value])),
    late: report.late,
    dueDate: report.dueDate,
    firstSubmittedAt: report.firstSubmittedAt?.toISOString() ?? null,
    submittedAt: version.submittedAt.toISOString(),
    changedAt: changedAt.toISOString(),
  };
}

/**
 * A submission's event, built the same way by both ways of submitting (the one-statement fast path and the locked
 * path): what the submission itself decides, from here, merged in SQL with what the stored report row decides
 * (`reportRowSnapshotSql`), read from that row as the statement wrote it. Equal to `snapshotOf` of the stored rows:
 * test/submission-events.e2e-spec.ts holds every path to that.
 */
export function submittedSnapshotPart(
  values: readonly StoredValue[],
  at: Date,
): Pick<ReportSnapshot, 'status' | 'counts' | 'values' | 'submittedAt' | 'changedAt'> {
  return {
    status: ReportStatus.SUBMITTED,
    counts: true,
    values: Object.fromEntries(values.map((v) => [v.metric, v.value])),
    submittedAt: at.toISOString(),
    changedAt: at.toISOString(),
  };
}

/** The rest of the snapshot, from a `district.report` row named `row` in the statement. */
export function reportRowSnapshotSql(row: string): string {
  return `jsonb_build_object(
    'reportId', ${row}.id, 'unitCode', ${row}.unit_code, 'unitLevel', ${row}.unit_level, 'rootCode', ${row}.root_code, 'districtCode', ${row}.district_code,
    'period', ${row}.period, 'version', ${row}.version, 'revision', ${row}.revision, 'late', ${row}.late, 'dueDate', to_char(${row}.due_date, 'YYYY-MM-DD'),
    'firstSubmittedAt', to_char(${row}.first_submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
}

/** Metric by metric, what changed between two sets of figures (for the audit log). */
export function diffValues(
  before: readonly StoredValue[] | null | undefined,
  after: readonly StoredValue[],
): Record<string, { before: number | null; after: number | null }> {
  const a = new Map((before ?? []).map((v) => [v.metric, v.value]));
  const b = new Map(after.map((v) => [v.metric, v.value]));
  const out: Record<string, { before: number | null; after: number | null }> = {};
  for (const metric of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(metric) ?? null;
    const y = b.get(metric) ?? null;
    if (x !== y) out[metric] = { before: x, after: y };
  }
  return out;
}
