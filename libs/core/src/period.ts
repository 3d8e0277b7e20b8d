/**
 * Reporting periods: a quarter ("2024Q1"), a year ("2024" = its four quarters) or, for statistics, a council term
 * ("NK2021-2026" = the quarters of its dates, read from hierarchy.council_term: see termQuarters).
 *
 * Councils work in Vietnam time (UTC+7, no daylight saving), so every instant
 * here is computed for Vietnam, whatever the server's own time zone is.
 */
import { type Bilingual, InvalidInputError } from './errors.js';

export type Quarter = 1 | 2 | 3 | 4;

export interface QuarterPeriod {
  readonly kind: 'QUARTER';
  /** e.g. "2024Q1" */
  readonly code: string;
  readonly year: number;
  readonly quarter: Quarter;
}

export interface YearPeriod {
  readonly kind: 'YEAR';
  /** e.g. "2024" */
  readonly code: string;
  readonly year: number;
}

/** A council term (nhiệm kỳ) by its nominal years; its quarters depend on its dates (termQuarters). */
export interface TermPeriod {
  readonly kind: 'TERM';
  /** e.g. "NK2021-2026" */
  readonly code: string;
  readonly startYear: number;
  readonly endYear: number;
}

/** What reports, plans and briefings are for: a quarter or a year, whose quarters follow from the code alone. */
export type CalendarPeriod = QuarterPeriod | YearPeriod;
export type Period = CalendarPeriod | TermPeriod;

/** Councils are elected for five years (Law on the Organisation of Local Government, art. 7). */
export const TERM_YEARS = 5;

/** Years accepted from users: wide enough for any real report, narrow enough to catch typos. */
export const MIN_PERIOD_YEAR = 2000;
export const MAX_PERIOD_YEAR = 2100;

/** Vietnam is UTC+7 all year (no DST since 1975). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;

/** Days after the quarter's last day that a report is due (the 10th of the next month). */
export const DEFAULT_DUE_DAYS_AFTER_QUARTER = 10;

const QUARTER_RE = /^(\d{4})Q([1-4])$/;
const YEAR_RE = /^(\d{4})$/;
const TERM_RE = /^NK(\d{4})-(\d{4})$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ROMAN: Record<Quarter, string> = { 1: 'I', 2: 'II', 3: 'III', 4: 'IV' };

/**
 * Builds a quarter from numbers supplied by code (not by users): a bad
 * argument is a programming error, hence RangeError rather than InvalidInputError.
 * Years outside the user range are allowed so that `previousQuarter(2000Q1)` works.
 */
export function quarterPeriod(year: number, quarter: number): QuarterPeriod {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!isQuarterNumber(quarter)) throw new RangeError(`quarter out of range: ${quarter}`);
  return { kind: 'QUARTER', code: `${year}Q${quarter}`, year, quarter };
}

export function yearPeriod(year: number): YearPeriod {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  return { kind: 'YEAR', code: String(year), year };
}

/** "NK2021-2026"; built by code, so a bad year is a RangeError (parsePeriod checks users' input). */
export function termPeriod(startYear: number): TermPeriod {
  if (!Number.isInteger(startYear) || startYear < 1000 || startYear + TERM_YEARS > 9999)
    throw new RangeError(`year out of range: ${startYear}`);
  const endYear = startYear + TERM_YEARS;
  return { kind: 'TERM', code: `NK${startYear}-${endYear}`, startYear, endYear };
}

export function quarterCode(year: number, quarter: number): string {
  return quarterPeriod(year, quarter).code;
}

function isQuarterNumber(n: number): n is Quarter {
  return n === 1 || n === 2 || n === 3 || n === 4;
}

/** Echoing a huge or multi-line input back in an error helps nobody. */
function shown(value: unknown): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, String() of a string is the string.
  const s = typeof value === 'string' ? value : String(value);
  const oneLine = s.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine;
}

function periodError(field: string, value: unknown, reason: Bilingual): InvalidInputError {
  const v = shown(value);
  return new InvalidInputError(
    field,
    { vi: `Kỳ báo cáo "${v}" không hợp lệ: ${reason.vi}`, en: `Invalid period "${v}": ${reason.en}` },
    { value: v },
  );
}

const FORMAT_REASON: Bilingual = {
  vi: 'dùng dạng "2024Q1" (quý) hoặc "2024" (năm)',
  en: 'use "2024Q1" (a quarter) or "2024" (a year)',
};

/** Parses a user-supplied period strictly: no spaces, no lowercase "q", no other shapes. */
export function parsePeriod(value: string, field = 'period'): Period {
  if (typeof value !== 'string') throw periodError(field, value, FORMAT_REASON);
  const t = TERM_RE.exec(value);
  if (t) return parseTerm(value, field, Number(t[1]), Number(t[2]));
  const q = QUARTER_RE.exec(value);
  const y = q ? null : YEAR_RE.exec(value);
  const yearText = q?.[1] ?? y?.[1];
  if (yearText === undefined) throw periodError(field, value, FORMAT_REASON);
  const year = Number(yearText);
  checkPeriodYear(value, field, year);
  return q ? quarterPeriod(year, Number(q[2])) : yearPeriod(year);
}

function checkPeriodYear(value: string, field: string, year: number): void {
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) {
    throw periodError(field, value, {
      vi: `năm phải từ ${MIN_PERIOD_YEAR} đến ${MAX_PERIOD_YEAR}`,
      en: `the year must be between ${MIN_PERIOD_YEAR} and ${MAX_PERIOD_YEAR}`,
    });
  }
}

function parseTerm(value: string, field: string, start: number, end: number): TermPeriod {
  checkPeriodYear(value, field, start);
  if (end !== start + TERM_YEARS)
    throw periodError(field, value, {
      vi: `một nhiệm kỳ dài ${TERM_YEARS} năm, dạng "NK${start}-${start + TERM_YEARS}"`,
      en: `a term lasts ${TERM_YEARS} years, e.g. "NK${start}-${start + TERM_YEARS}"`,
    });
  return termPeriod(start);
}

/** Like parsePeriod, for what only a quarter or a year can be (briefings, meetings, plans): a term is refused. */
export function parseCalendarPeriod(value: string, field = 'period'): CalendarPeriod {
  const p = parsePeriod(value, field);
  if (p.kind === 'TERM') throw periodError(field, value, FORMAT_REASON);
  return p;
}

/** Like parsePeriod, but a report is always for one quarter: a year is refused. */
export function parseQuarter(value: string, field = 'period'): QuarterPeriod {
  const p = parseCalendarPeriod(value, field);
  if (p.kind !== 'QUARTER') {
    throw periodError(field, value, {
      vi: `cần một quý, dạng "${p.year}Q1"`,
      en: `a quarter is required, e.g. "${p.year}Q1"`,
    });
  }
  return p;
}

/** A year given as a number (annual plans, plan against actual): whole, and in the range periods accept. */
export function checkYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) {
    const v = shown(year);
    throw new InvalidInputError(
      field,
      {
        vi: `Năm ${v} không hợp lệ: năm phải từ ${MIN_PERIOD_YEAR} đến ${MAX_PERIOD_YEAR}`,
        en: `Invalid year ${v}: the year must be between ${MIN_PERIOD_YEAR} and ${MAX_PERIOD_YEAR}`,
      },
      { value: v },
    );
  }
  return year;
}

export function isQuarterPeriod(p: Period): p is QuarterPeriod {
  return p.kind === 'QUARTER';
}

export function quartersOf(period: CalendarPeriod): QuarterPeriod[] {
  if (period.kind === 'QUARTER') return [period];
  return [1, 2, 3, 4].map((n) => quarterPeriod(period.year, n));
}

export function previousQuarter(q: QuarterPeriod): QuarterPeriod {
  return q.quarter === 1 ? quarterPeriod(q.year - 1, 4) : quarterPeriod(q.year, q.quarter - 1);
}

export function nextQuarter(q: QuarterPeriod): QuarterPeriod {
  return q.quarter === 4 ? quarterPeriod(q.year + 1, 1) : quarterPeriod(q.year, q.quarter + 1);
}

/**
 * A term's quarters, from the one its first day is in to the one its last day is in; a term still running (no end, or
 * an end after `today`) stops at today's quarter: the term so far. Empty for a term that has not begun. Dates are
 * Vietnamese calendar dates (YYYY-MM-DD), `to` exclusive, as hierarchy.council_term stores them.
 */
export function termQuarters(span: { from: string; to: string | null }, today: string): QuarterPeriod[] {
  if (span.from > today) return [];
  const lastDay = span.to === null || span.to > today ? today : dayBefore(span.to);
  const quarters: QuarterPeriod[] = [];
  for (let q = quarterOfDate(span.from), last = quarterOfDate(lastDay); compareQuarters(q, last) <= 0; q = nextQuarter(q)) quarters.push(q);
  return quarters;
}

/** The calendar day before a YYYY-MM-DD date. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Chronological order, for sorting. */
export function compareQuarters(a: QuarterPeriod, b: QuarterPeriod): number {
  return a.year * 4 + a.quarter - (b.year * 4 + b.quarter);
}

/** Midnight Vietnam time of a calendar date, as an instant. Month is 0-based; Date.UTC rolls overflow. */
function vietnamMidnight(year: number, month0: number, day: number): Date {
  return new Date(Date.UTC(year, month0, day) - OFFSET_MS);
}

/** The instant the quarter starts in Vietnam time (2024Q1 → 2023-12-31T17:00:00Z). */
export function quarterStart(q: QuarterPeriod): Date {
  return vietnamMidnight(q.year, (q.quarter - 1) * 3, 1);
}

/**
 * The quarter's first day ("2024-01-01"): the day a report's unit is read at (a report belongs to the unit as it
 * stood when its quarter began; issue 14).
 */
export function quarterStartDay(q: QuarterPeriod): string {
  return `${q.year}-${String((q.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** The exclusive end instant (2024Q1 → 2024-03-31T17:00:00Z), i.e. the next quarter's start. */
export function quarterEnd(q: QuarterPeriod): Date {
  return vietnamMidnight(q.year, q.quarter * 3, 1);
}

/** The quarter that contains an instant, in Vietnam time. */
export function quarterAt(instant: Date): QuarterPeriod {
  return quarterOfDate(vietnamDate(instant));
}

/** The quarter a calendar date (YYYY-MM-DD) is in. */
export function quarterOfDate(isoDate: string): QuarterPeriod {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  return quarterPeriod(year, Math.floor((month - 1) / 3) + 1);
}

/** The 10th day after the quarter's last day (2024Q1 → "2024-04-10"). */
export function defaultDueDate(q: QuarterPeriod): string {
  const d = new Date(Date.UTC(q.year, q.quarter * 3, DEFAULT_DUE_DAYS_AFTER_QUARTER));
  return d.toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD ("2024-02-30" is false). */
export function isIsoDate(value: string): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent, exec() would read a non-string as its String(), which never has this shape.
  const m = typeof value === 'string' ? ISO_DATE_RE.exec(value) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC maps years 0..99 to 19xx, so check the round trip on all three parts.
  // Stryker disable next-line ConditionalExpression: the month and day checks back each other up (a day that rolls over changes the month, a month that does changes the year).
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** End of the due day in Vietnam time, exclusive ("2024-04-10" → 2024-04-10T17:00:00Z). */
export function deadlineInstant(dueDate: string, field = 'dueDate'): Date {
  if (!isIsoDate(dueDate)) {
    const v = shown(dueDate);
    throw new InvalidInputError(
      field,
      { vi: `Ngày "${v}" không hợp lệ: dùng dạng "2024-04-10"`, en: `Invalid date "${v}": use "2024-04-10"` },
      { value: v },
    );
  }
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  return vietnamMidnight(y, m - 1, d + 1);
}

/** Submitted after the due day ended in Vietnam; anything during the due day is on time. */
export function isLate(submittedAt: Date, dueDate: string): boolean {
  return submittedAt.getTime() >= deadlineInstant(dueDate).getTime();
}

/** Reporting is allowed from the quarter's first moment (progress during the quarter counts). */
export function hasStarted(q: QuarterPeriod, now: Date): boolean {
  return now.getTime() >= quarterStart(q).getTime();
}

/**
 * "Quý I/2024" / "Q1 2024"; "Năm 2024" / "Year 2024"; "Nhiệm kỳ 2021–2026" / "Term 2021–2026". Vietnamese documents
 * number quarters in Roman numerals.
 */
export function periodLabel(p: Period): Bilingual {
  if (p.kind === 'QUARTER') return { vi: `Quý ${ROMAN[p.quarter]}/${p.year}`, en: `Q${p.quarter} ${p.year}` };
  if (p.kind === 'TERM') return { vi: `Nhiệm kỳ ${p.startYear}–${p.endYear}`, en: `Term ${p.startYear}–${p.endYear}` };
  return { vi: `Năm ${p.year}`, en: `Year ${p.year}` };
}

/** A council's term number (khóa) as Vietnamese writes it: 16 → "XVI". */
export function romanNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`no Roman numeral for ${n}`);
  const digits: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [value, letters] of digits) for (; rest >= value; rest -= value) out += letters;
  return out;
}

/** The calendar date in Vietnam time, YYYY-MM-DD (2024-03-31T17:00:00Z → "2024-04-01"). */
export function vietnamDate(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/** "10/04/2024": how Vietnamese text writes a date. */
export function vietnameseDateText(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}
