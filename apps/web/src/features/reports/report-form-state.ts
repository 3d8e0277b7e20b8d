// The report form's state, apart from React so that it can be tested alone: what the clerk typed, the input the API
// takes, the findings of libs/core's rules placed beside their fields, and the copy kept in this browser until the
// server has it.
import type { CouncilLevel } from '@council/core/levels.js';
import type { ValidationFinding } from '@council/core/validation/finding.js';
import { NARRATIVE_FIELDS, type NarrativeField, type RuleMetric, validateReport } from '@council/core/validation/report-rules.js';

export interface FormState {
  /** Metric code → the number typed; null when the box is empty. */
  values: Record<string, number | null>;
  highlights: string;
  shortcomings: string;
  proposals: string;
}

export interface ReportInput {
  unitCode: string;
  period: string;
  values: { metric: string; value: number }[];
  highlights: string | null;
  shortcomings: string | null;
  proposals: string | null;
}

/** Where a finding is shown: `metric:<code>`, a narrative field's name, or `report` for the whole report. */
export type FieldKey = `metric:${string}` | NarrativeField | 'period' | 'report';

export const emptyForm = (): FormState => ({ values: {}, highlights: '', shortcomings: '', proposals: '' });

export function formFromReport(report: {
  values: readonly { value: number; metric: { code: string } }[];
  highlights?: string | null;
  shortcomings?: string | null;
  proposals?: string | null;
}): FormState {
  return {
    values: Object.fromEntries(report.values.map((v) => [v.metric.code, v.value])),
    highlights: report.highlights ?? '',
    shortcomings: report.shortcomings ?? '',
    proposals: report.proposals ?? '',
  };
}

/** The API's input: empty boxes are left out, metrics in catalogue order so that errors' indexes are stable. */
export function toInput(unitCode: string, period: string, form: FormState, metricOrder: readonly string[]): ReportInput {
  const values = metricOrder
    .filter((code) => form.values[code] !== null && form.values[code] !== undefined)
    .map((code) => ({ metric: code, value: form.values[code] as number }));
  const text = (s: string) => (s.trim() === '' ? null : s);
  return { unitCode, period, values, highlights: text(form.highlights), shortcomings: text(form.shortcomings), proposals: text(form.proposals) };
}

/**
 * Which field a finding or a server error belongs to. Paths name the input ("values[2].value", with or without an
 * "input." head); the index is looked up in the input that was checked or sent.
 */
export function fieldKeyOf(path: string | undefined | null, input: ReportInput, metric?: string | null): FieldKey {
  if (metric) return `metric:${metric}`;
  const bare = (path ?? '').replace(/^input\./, '');
  const indexed = /^values\[(\d+)\]/.exec(bare);
  if (indexed) {
    const code = input.values[Number(indexed[1])]?.metric;
    if (code) return `metric:${code}`;
  }
  const head = bare.split(/[.[]/)[0];
  if ((NARRATIVE_FIELDS as readonly string[]).includes(head)) return head as NarrativeField;
  if (head === 'period') return 'period';
  return 'report';
}

/** The same rules the server runs, on what is typed now (the server stays the authority). */
export function checkForm(
  input: ReportInput,
  unitLevel: CouncilLevel,
  metrics: ReadonlyMap<string, RuleMetric>,
  now: Date = new Date(),
): ValidationFinding[] {
  return validateReport({ ...input, unitLevel }, { now, metrics });
}

/** What the form shows of a finding or a server error. */
export type Shown = Pick<ValidationFinding, 'severity' | 'message' | 'messageEn'>;

/** Whether two lists of findings read the same (none and an empty list alike). */
export function sameFindings(a: readonly Shown[] | undefined, b: readonly Shown[] | undefined): boolean {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((f, i) => f.severity === b![i].severity && f.message === b![i].message && f.messageEn === b![i].messageEn);
}

export function findingsByField<T extends { field?: string | null; metric?: string | null }>(
  findings: readonly T[],
  input: ReportInput,
): Map<FieldKey, T[]> {
  const out = new Map<FieldKey, T[]>();
  for (const f of findings) {
    const key = fieldKeyOf(f.field, input, f.metric);
    out.set(key, [...(out.get(key) ?? []), f]);
  }
  return out;
}

/**
 * Whether two forms are the same report as the server would receive it (`toInput`): with `metricOrder`, only the
 * metrics of the form count, since no other is shown or sent — a report filed elsewhere (an import, another client)
 * may hold one of another level, `confidence_votes.persons: 0` for a commune, that the server's answer to the form's
 * submission no longer has; and a narrative of blanks is sent as nothing.
 */
export function sameForm(a: FormState, b: FormState, metricOrder?: readonly string[]): boolean {
  const text = (s: string) => (s.trim() === '' ? '' : s);
  if (text(a.highlights) !== text(b.highlights) || text(a.shortcomings) !== text(b.shortcomings) || text(a.proposals) !== text(b.proposals))
    return false;
  const codes = metricOrder ?? new Set([...Object.keys(a.values), ...Object.keys(b.values)]);
  for (const c of codes) if ((a.values[c] ?? null) !== (b.values[c] ?? null)) return false;
  return true;
}

/** A random idempotency key; crypto.randomUUID needs a secure context, which a council LAN address over http is not. */
export function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** What this browser keeps of a report in progress until the server has it. */
export interface LocalCopy {
  form: FormState;
  /** The submission attempt in flight: retried with the same key until the server answers. */
  pendingSubmission?: { key: string; input: ReportInput };
  keptAt: string;
}

export const localCopyKey = (username: string, unitCode: string, period: string) => `council.report.${username}.${unitCode}.${period}`;

export function readLocalCopy(storage: Pick<Storage, 'getItem'>, key: string): LocalCopy | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as LocalCopy) : null;
  } catch {
    return null;
  }
}

export function writeLocalCopy(storage: Pick<Storage, 'setItem'>, key: string, copy: LocalCopy): void {
  try {
    storage.setItem(key, JSON.stringify(copy));
  } catch {
    /* storage full or disabled: the form still works, it just cannot outlive the tab */
  }
}

/** Differences between two versions' values, metric by metric, in the given order. */
export function versionDiff(
  a: readonly { value: number; metric: { code: string } }[],
  b: readonly { value: number; metric: { code: string } }[],
  order: readonly string[],
): { metric: string; before: number | null; after: number | null }[] {
  const mapA = new Map(a.map((v) => [v.metric.code, v.value]));
  const mapB = new Map(b.map((v) => [v.metric.code, v.value]));
  return order
    .map((metric) => ({ metric, before: mapA.get(metric) ?? null, after: mapB.get(metric) ?? null }))
    .filter((d) => d.before !== d.after);
}
