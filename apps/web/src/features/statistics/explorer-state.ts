// The explorer's state, as the URL carries it (so a link reproduces the view), the statistics query it asks, and
// the pivot the table, the chart and the workbook all draw from. Pure: no React, no network.
import type { Bilingual } from '@council/core/errors.js';
import { type CouncilLevel, LEVEL_LABELS } from '@council/core/levels.js';
import {
  compareQuarters,
  parseCalendarPeriod,
  parsePeriod,
  parseQuarter,
  periodLabel,
  quarterPeriod,
  quartersOf,
  TERM_YEARS,
  termPeriod,
} from '@council/core/period.js';

export type RowDim = 'LEVEL' | 'DISTRICT' | 'WARD' | 'PERIOD';
export type PeriodMode = 'year' | 'quarter' | 'range' | 'term';
/** Rows by unit: the units as they stood when they reported, or today's units with old figures re-based (issue 14). */
export type Basis = 'AS_REPORTED' | 'CURRENT_UNITS';

export interface ExplorerState {
  mode: PeriodMode;
  /** year: years ("2024"); quarter: quarters; range: [from, to] quarters; term: one council term ("NK2021-2026"). */
  periods: string[];
  metrics: string[];
  /** The unit whose subtree is counted: the city ("01") or a district. */
  scope: string;
  rows: RowDim;
  basis: Basis;
}

export const CITY_CODE = '01';
export const DEFAULT_METRICS = ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'];
const ROW_DIMS: readonly RowDim[] = ['LEVEL', 'DISTRICT', 'WARD', 'PERIOD'];
const MODES: readonly PeriodMode[] = ['year', 'quarter', 'range', 'term'];
const MAX_QUARTERS = 40;

const kindOf = (code: string) => {
  try {
    return parsePeriod(code).kind;
  } catch {
    return null;
  }
};
const KIND_OF_MODE: Record<PeriodMode, string> = { year: 'YEAR', quarter: 'QUARTER', range: 'QUARTER', term: 'TERM' };

/**
 * The council term a year falls in, by the national election cycle (2021, 2026, …): the explorer's first guess when
 * switched to terms; the page offers the terms city-api records.
 */
export function termOfYear(year: number): string {
  return termPeriod(year - ((((year - 1) % TERM_YEARS) + TERM_YEARS) % TERM_YEARS)).code;
}

/** The periods a mode starts with, from the year on screen. */
export function defaultPeriods(mode: PeriodMode, year: number): string[] {
  if (mode === 'year') return [String(year)];
  if (mode === 'range') return [`${year}Q1`, `${year}Q4`];
  if (mode === 'term') return [termOfYear(year)];
  return [`${year}Q1`];
}

/** The state a URL's search params describe; missing or bad parts fall back to the defaults. */
export function readState(params: URLSearchParams, defaultYear: number): ExplorerState {
  const mode = (MODES as readonly string[]).includes(params.get('pm') ?? '') ? (params.get('pm') as PeriodMode) : 'year';
  let periods = (params.get('p') ?? '').split(',').filter((c) => c && kindOf(c) === KIND_OF_MODE[mode]);
  if (mode === 'range') periods = periods.slice(0, 2);
  // One term at a time: two terms share the quarter of the election between them.
  if (mode === 'term') periods = periods.slice(0, 1);
  if (!periods.length || (mode === 'range' && periods.length < 2)) periods = defaultPeriods(mode, defaultYear);
  const metrics = (params.get('m') ?? '').split(',').filter(Boolean);
  const scope = /^\d{2,5}$/.test(params.get('s') ?? '') ? params.get('s')! : CITY_CODE;
  const rows = (ROW_DIMS as readonly string[]).includes(params.get('r') ?? '') ? (params.get('r') as RowDim) : 'DISTRICT';
  const basis: Basis = params.get('b') === 'CURRENT_UNITS' ? 'CURRENT_UNITS' : 'AS_REPORTED';
  return { mode, periods: [...new Set(periods)], metrics: metrics.length ? [...new Set(metrics)] : DEFAULT_METRICS, scope, rows, basis };
}

export function writeState(state: ExplorerState): URLSearchParams {
  const params = new URLSearchParams({
    pm: state.mode,
    p: state.periods.join(','),
    m: state.metrics.join(','),
    s: state.scope,
    r: state.rows,
  });
  // The default basis stays out of the link, so links made before it existed read the same.
  if (state.basis === 'CURRENT_UNITS') params.set('b', state.basis);
  return params;
}

/** Whether the rows are units: the only view a basis applies to. */
export const rowsByUnit = (state: ExplorerState): boolean => state.rows === 'DISTRICT' || state.rows === 'WARD';

/** The periods the query asks for: years as they are, quarters sorted, a range spelled out quarter by quarter. */
export function queryPeriods(state: ExplorerState): string[] {
  if (state.mode === 'range') {
    const [a, b] = state.periods.map((p) => parseQuarter(p)).sort(compareQuarters);
    const out: string[] = [];
    for (let y = a.year, q = a.quarter as number; (y < b.year || (y === b.year && q <= b.quarter)) && out.length < MAX_QUARTERS;) {
      out.push(quarterPeriod(y, q).code);
      q++;
      if (q > 4) {
        q = 1;
        y++;
      }
    }
    return out;
  }
  const sorted = [...state.periods].sort();
  // Rows by period: a year is drawn quarter by quarter.
  if (state.rows === 'PERIOD' && state.mode === 'year') return sorted.flatMap((y) => quartersOf(parseCalendarPeriod(y)).map((q) => q.code));
  return sorted;
}

export interface StatisticsQueryVars {
  periods: string[];
  metrics: string[];
  scope: string;
  groupBy: ('LEVEL' | 'UNIT' | 'PERIOD' | 'METRIC')[];
  unitLevel?: 'DISTRICT' | 'WARD';
  basis?: Basis;
}

/** The city-api `statistics` query for a state: rows by level, by unit (districts or communes) or by period. */
export function statisticsQuery(state: ExplorerState): StatisticsQueryVars {
  const base = { periods: queryPeriods(state), metrics: state.metrics, scope: state.scope };
  switch (state.rows) {
    case 'LEVEL':
      return { ...base, groupBy: ['LEVEL', 'METRIC'] };
    case 'PERIOD':
      return { ...base, groupBy: ['PERIOD', 'METRIC'] };
    default:
      return {
        ...base,
        groupBy: ['UNIT', 'METRIC'],
        unitLevel: state.rows,
        ...(state.basis === 'CURRENT_UNITS' ? { basis: state.basis } : {}),
      };
  }
}

export interface StatisticsRowLike {
  level?: string | null;
  period?: string | null;
  value: number;
  unit?: { code: string; name: string; nameEn?: string | null; validFrom?: string | null } | null;
  metric?: { code: string } | null;
}

export interface PivotRow {
  key: string;
  /** A unit's GSO code (rows by unit only). */
  code?: string;
  label: Bilingual;
  values: Record<string, number>;
}

export interface Pivot {
  metrics: string[];
  rows: PivotRow[];
  totals: Record<string, number>;
}

const LEVEL_ORDER = ['CITY', 'DISTRICT', 'WARD'];

/** The answer's rows as a table: one row per unit, level or period (in the server's order), one column per metric. */
export function pivot(state: ExplorerState, answer: readonly StatisticsRowLike[]): Pivot {
  const metrics = state.metrics;
  const byKey = new Map<string, PivotRow>();
  for (const r of answer) {
    const metric = r.metric?.code;
    if (!metric) continue;
    let key: string;
    let row: Omit<PivotRow, 'values'>;
    if (state.rows === 'LEVEL') {
      key = r.level ?? '';
      row = { key, label: LEVEL_LABELS[key as CouncilLevel] ?? { vi: key, en: key } };
    } else if (state.rows === 'PERIOD') {
      key = r.period ?? '';
      row = { key, label: periodLabel(parsePeriod(key)) };
    } else {
      // One row per unit, not per code: 00382 in 2025 is Xã Minh Trí until 30/06 and Xã Kim Anh from 01/07.
      key = `${r.unit?.code ?? ''}@${r.unit?.validFrom ?? ''}`;
      row = { key, code: r.unit?.code ?? '', label: { vi: r.unit?.name ?? key, en: r.unit?.nameEn || r.unit?.name || key } };
    }
    const existing = byKey.get(key) ?? { ...row, values: Object.fromEntries(metrics.map((m) => [m, 0])) };
    existing.values[metric] = (existing.values[metric] ?? 0) + r.value;
    byKey.set(key, existing);
  }
  const rows = [...byKey.values()];
  if (state.rows === 'LEVEL') rows.sort((a, b) => LEVEL_ORDER.indexOf(a.key) - LEVEL_ORDER.indexOf(b.key));
  const totals = Object.fromEntries(metrics.map((m) => [m, rows.reduce((s, r) => s + (r.values[m] ?? 0), 0)]));
  return { metrics, rows, totals };
}

/** "Năm 2024"; "Quý I/2024, Quý II/2024"; "Quý I/2024 – Quý III/2024". */
export function periodsTitle(state: ExplorerState): Bilingual {
  if (state.mode === 'range') {
    const [a, b] = state.periods.map((p) => parseQuarter(p)).sort(compareQuarters);
    const la = periodLabel(a);
    const lb = periodLabel(b);
    return { vi: `${la.vi} – ${lb.vi}`, en: `${la.en} – ${lb.en}` };
  }
  const labels = [...state.periods].sort().map((p) => periodLabel(parsePeriod(p)));
  return { vi: labels.map((l) => l.vi).join(', '), en: labels.map((l) => l.en).join(', ') };
}

const ROWS_TITLE: Record<RowDim, Bilingual> = {
  LEVEL: { vi: 'theo cấp HĐND', en: 'by council level' },
  DISTRICT: { vi: 'theo quận, huyện, thị xã', en: 'by district' },
  WARD: { vi: 'theo xã, thị trấn', en: 'by commune' },
  PERIOD: { vi: 'theo quý', en: 'by quarter' },
};

const TERM_ROWS_TITLE: Bilingual = { vi: 'cả nhiệm kỳ', en: 'the whole term' };

const CURRENT_UNITS_TITLE: Bilingual = { vi: 'quy đổi theo đơn vị hiện nay', en: 're-based onto today’s units' };

/** The view's title: "Năm 2024 · Thành phố Hà Nội · theo quận, huyện, thị xã" (and "· quy đổi theo đơn vị hiện nay"). */
export function viewTitle(state: ExplorerState, scopeName: Bilingual): Bilingual {
  const p = periodsTitle(state);
  // A term is asked as a whole (its quarters are city-api's to know): rows by period show it as one row.
  const rows = state.rows === 'PERIOD' && state.mode === 'term' ? TERM_ROWS_TITLE : ROWS_TITLE[state.rows];
  const rebased = rowsByUnit(state) && state.basis === 'CURRENT_UNITS';
  return {
    vi: `${p.vi} · ${scopeName.vi} · ${rows.vi}${rebased ? ` · ${CURRENT_UNITS_TITLE.vi}` : ''}`,
    en: `${p.en} · ${scopeName.en} · ${rows.en}${rebased ? ` · ${CURRENT_UNITS_TITLE.en}` : ''}`,
  };
}

/** The file name of the view's workbook: thong-ke-2024-01-DISTRICT.xlsx. */
export function workbookName(state: ExplorerState): string {
  const periods = state.mode === 'range' ? state.periods.join('-') : [...state.periods].sort().join('_');
  const rebased = rowsByUnit(state) && state.basis === 'CURRENT_UNITS' ? '-hien-nay' : '';
  return `thong-ke-${periods}-${state.scope}-${state.rows}${rebased}.xlsx`;
}
