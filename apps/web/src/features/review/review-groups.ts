// What the district's review list shows, computed from two lists the district-api gives: the district's communes
// (councilUnits) and their reports for the quarter (reports(period, parentCode)).
import { compareQuarters, parseQuarter, previousQuarter, quarterAt, type QuarterPeriod } from '@council/core/period.js';
import type { ReportStatusCode } from '@council/core/report-status.js';

export type ReviewGroup = 'missing' | 'waiting' | 'returned' | 'accepted';
export const REVIEW_GROUPS: readonly ReviewGroup[] = ['missing', 'waiting', 'returned', 'accepted'];

export interface CommuneUnit {
  code: string;
  name: string;
  hasCouncil: boolean;
}

export interface CommuneReport {
  id: string;
  status: 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'ACCEPTED';
  version: number;
  late: boolean;
  dueDate: string;
  submittedAt?: string | null;
  unit: { code: string };
}

export interface CommuneRow {
  code: string;
  name: string;
  group: ReviewGroup;
  status: ReportStatusCode;
  report: CommuneReport | null;
}

export interface Completeness {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
}

/** A report's group: a draft is as good as nothing for the district (it does not count anywhere). */
export function groupOf(report: Pick<CommuneReport, 'status'> | null | undefined): ReviewGroup {
  switch (report?.status) {
    case 'SUBMITTED':
      return 'waiting';
    case 'RETURNED':
      return 'returned';
    case 'ACCEPTED':
      return 'accepted';
    default:
      return 'missing';
  }
}

/** Every commune with a council, with its report for the quarter (if any), in the order of their codes. */
export function communeRows(units: readonly CommuneUnit[], reports: readonly CommuneReport[]): CommuneRow[] {
  const byUnit = new Map(reports.map((r) => [r.unit.code, r]));
  return units
    .filter((u) => u.hasCouncil)
    .map((u): CommuneRow => {
      const report = byUnit.get(u.code) ?? null;
      return { code: u.code, name: u.name, group: groupOf(report), status: report?.status ?? 'NOT_STARTED', report };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

export function groupCounts(rows: readonly CommuneRow[]): Record<ReviewGroup, number> {
  const counts: Record<ReviewGroup, number> = { missing: 0, waiting: 0, returned: 0, accepted: 0 };
  for (const r of rows) counts[r.group] += 1;
  return counts;
}

/**
 * The district's own completeness, as city-api's `completeness` counts it: the communes with a council; a report
 * counts while it is submitted or accepted (a returned one stops counting until it is submitted again), late when
 * its first submission came after the due date.
 */
export function completenessOf(rows: readonly CommuneRow[]): Completeness {
  const counting = rows.filter((r) => r.group === 'waiting' || r.group === 'accepted');
  const late = counting.filter((r) => r.report?.late).length;
  return { expected: rows.length, submitted: counting.length, onTime: counting.length - late, late };
}

/** The quarter a clerk reviews by default: the latest one that has ended. */
export function defaultReviewQuarter(now: Date): QuarterPeriod {
  return previousQuarter(quarterAt(now));
}

/** The quarter `?period=` names, if it is a quarter; otherwise the default. */
export function chosenQuarter(param: string | null, now: Date): QuarterPeriod {
  if (param) {
    try {
      return parseQuarter(param);
    } catch {
      /* not a quarter: the default */
    }
  }
  return defaultReviewQuarter(now);
}

/** The quarters the picker offers: the current one back to `from`, newest first, with `chosen` among them. */
export function pickerQuarters(now: Date, chosen: QuarterPeriod, from = '2024Q1'): QuarterPeriod[] {
  const first = [parseQuarter(from), chosen].sort(compareQuarters)[0];
  const current = [quarterAt(now), chosen].sort(compareQuarters)[1];
  const out: QuarterPeriod[] = [];
  for (let q = current; compareQuarters(q, first) >= 0; q = previousQuarter(q)) out.push(q);
  return out;
}

/** The metrics whose values differ between two versions (a value that appears or goes counts as a change). */
export function changedValues(
  before: readonly { value: number; metric: { code: string } }[],
  after: readonly { value: number; metric: { code: string } }[],
): { metric: string; before: number | null; after: number | null }[] {
  const a = new Map(before.map((v) => [v.metric.code, v.value]));
  const b = new Map(after.map((v) => [v.metric.code, v.value]));
  const codes = [...new Set([...a.keys(), ...b.keys()])];
  return codes.filter((c) => a.get(c) !== b.get(c)).map((c) => ({ metric: c, before: a.get(c) ?? null, after: b.get(c) ?? null }));
}
