// What the screen and the printable summary read out of a BriefingSummary, as plain functions (tested beside).
import type { Bilingual } from '@council/core/errors.js';
import { parseCalendarPeriod, type Period, periodLabel } from '@council/core/period.js';

import { formatNumber, type Lang } from '../../shared/format';
import { fill } from '../../shared/labels';
import { B, PHRASES } from './labels';

export interface MetricRef {
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface Figure {
  metric: MetricRef;
  value: number;
  /** null: nothing to compare with (nobody at the level reported in the previous period). */
  previous: number | null;
  change: number | null;
}

interface LevelLike {
  values: { value: number; metric: MetricRef }[];
  changes: { value: number; previous?: number | null; change?: number | null; metric: MetricRef }[];
}

/** A level's figures by metric code, in the catalogue's order. */
export function figures(level: LevelLike): Map<string, Figure> {
  const out = new Map<string, Figure>();
  for (const v of level.values) out.set(v.metric.code, { metric: v.metric, value: v.value, previous: null, change: null });
  for (const c of level.changes)
    out.set(c.metric.code, { metric: c.metric, value: c.value, previous: c.previous ?? null, change: c.change ?? null });
  return out;
}

const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s);

/** The words for a metric's count: the articles' phrase, else its name. */
export function metricPhrase(metric: MetricRef, lang: Lang): string {
  return PHRASES[metric.code]?.[lang] ?? lowerFirst(lang === 'en' ? metric.nameEn : metric.nameVi);
}

export function metricName(metric: MetricRef, lang: Lang): string {
  return lang === 'en' ? metric.nameEn || metric.code : metric.nameVi || metric.code;
}

export type Trend = 'up' | 'down' | 'same' | 'none';

export function trendOf(change: number | null): Trend {
  if (change === null) return 'none';
  return change > 0 ? 'up' : change < 0 ? 'down' : 'same';
}

/** "▲ 5", "▼ 3", "= không đổi"; without a previous period's figures, a sentence saying so (never "▲ 9.158"). */
export function changeText(change: number | null, lang: Lang, short = false): string {
  if (change === null) return B.noPrevious[lang];
  if (change > 0) return `▲ ${formatNumber(change, lang)}`;
  if (change < 0) return `▼ ${formatNumber(-change, lang)}`;
  return short ? '=' : `= ${B.unchanged[lang]}`;
}

/** "+5", "−3", "0" for the print table; empty when there is nothing to compare with. */
export function signedChange(change: number | null, lang: Lang): string {
  if (change === null) return '';
  return change > 0 ? `+${formatNumber(change, lang)}` : change < 0 ? `−${formatNumber(-change, lang)}` : '0';
}

/** A level compares with the previous period only when some figure there is known. */
export function hasPrevious(level: LevelLike): boolean {
  return level.changes.some((c) => c.previous !== null && c.previous !== undefined);
}

/** The period of an address, or the server's own words for what is wrong with it. */
export function periodOf(code: string | undefined): { period: Period } | { error: Bilingual } {
  try {
    return { period: parseCalendarPeriod(code ?? '', 'period') };
  } catch (e) {
    const err = e as Error & { messageEn?: string };
    return { error: { vi: err.message, en: err.messageEn ?? err.message } };
  }
}

export function periodText(code: string | null | undefined, lang: Lang): string {
  if (!code) return '';
  const p = periodOf(code);
  return 'period' in p ? periodLabel(p.period)[lang] : code;
}

export type UnitStatus = 'reported' | 'late' | 'missing' | 'none';

export function unitStatus(row: { reported: boolean; late: boolean; unit: { hasCouncil: boolean } }): UnitStatus {
  if (!row.reported && !row.unit.hasCouncil) return 'none';
  return row.reported ? (row.late ? 'late' : 'reported') : 'missing';
}

/** "Ba Đình" for "Quận Ba Đình", "Ba Dinh" for "Ba Dinh District": the chart's rows are narrow. */
export function shortName(unit: { name: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en'
    ? (unit.nameEn || unit.name).replace(/\s+(Urban District|Rural District|District|Town|City|Ward|Commune|Township)$/, '')
    : unit.name.replace(/^(Quận|Huyện|Thị xã|Thành phố|Phường|Xã|Thị trấn)\s+/, '');
}

export function unitName(unit: { name: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' ? unit.nameEn || unit.name : unit.name;
}

/** "thành phố Hà Nội" inside a Vietnamese sentence; the English name as it is. */
export function hostName(host: { name: string; nameEn?: string | null } | null | undefined, lang: Lang): string {
  if (!host) return '';
  return lang === 'en' ? host.nameEn || host.name : lowerFirst(host.name);
}

/** Connection points: present, absent and all of them (AttendanceCount.expected counts those not yet marked). */
export function attendanceOf(a: { expected: number; present: number; absent: number } | null | undefined) {
  if (!a) return null;
  return { present: a.present, absent: a.absent, total: a.expected + a.present + a.absent };
}

export const t2 = (label: Bilingual, lang: Lang, values: Record<string, string | number> = {}) => fill(label[lang], values);
