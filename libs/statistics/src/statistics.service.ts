import type { AuthUser, RequestContext } from '@council/auth';
import {
  type Bilingual,
  type CalendarPeriod,
  checkYear,
  compareCodes,
  contributorsOn,
  CouncilLevel,
  ForbiddenError,
  InvalidInputError,
  isUsersUnit,
  notComparableReason,
  parsePeriod,
  parseQuarter,
  type Period,
  periodLabel,
  quartersOf,
  quarterStartDay,
  Role,
  StatisticsBasis,
  type TermPeriod,
  termQuarters,
  vietnameseDateText,
} from '@council/core';
import {
  CouncilTermService,
  type CouncilUnitEntity,
  hasCouncilOn,
  HierarchyService,
  ReorganisationService,
  todayInVietnam,
} from '@council/hierarchy';
import { MetricsService } from '@council/metrics';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { StatisticsDimension, type StatisticsQueryInput } from './dto/statistics-query.input.js';
import { liveRollup } from './live-rollup.js';
import { CITY_DB } from './statistics.tokens.js';

/** The first day of each quarter of a calendar period: the days its units are read at. */
const quarterDays = (p: CalendarPeriod): string[] => quartersOf(p).map(quarterStartDay);

/** The whole country as a scope: every province-level root. */
export const NATIONAL_SCOPE = 'VN';
const MAX_PERIODS = 40;
const LEVEL_ORDER = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

export interface StatisticsRowData {
  level: CouncilLevel | null;
  unit: CouncilUnitEntity | null;
  /** The day the row's unit is read at (its version, its children): the last quarter it has figures in, or today. */
  unitAsOf?: string;
  period: string | null;
  metricCode: string | null;
  value: number;
}

export interface NotComparableData {
  unit: CouncilUnitEntity;
  unitAsOf: string;
  period: string;
  reason: Bilingual;
}

export interface StatisticsData {
  rows: StatisticsRowData[];
  notComparable: NotComparableData[];
  asOf: Date;
}

/**
 * A row of units (groupBy UNIT) being built: the unit (one identity) and, for each period asked, the rollup cells that
 * make up its figure (a code with the quarter or year stored under it), or why it has none.
 */
interface UnitRow {
  unit: CouncilUnitEntity;
  unitAsOf: string;
  cells: Map<string, { code: string; stored: string }[]>;
  reasons: Map<string, Bilingual>;
}

export interface PlanVsActualData {
  unit: CouncilUnitEntity;
  metricCode: string;
  target: number;
  actual: number;
  percent: number | null;
}

export interface CompletenessData {
  period: string;
  level: CouncilLevel;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: CouncilUnitEntity[];
  asOf: Date;
}

interface ResolvedScope {
  /** null for the whole country. */
  unit: CouncilUnitEntity | null;
  level: CouncilLevel | 'NATION';
}

/**
 * The city's figures, read from the rollups only: the cost of a query depends
 * on how many rows it returns, not on how many reports exist.
 */
@Injectable()
export class StatisticsService {
  constructor(
    @Inject(CITY_DB) private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly metrics: MetricsService,
    private readonly terms: CouncilTermService,
    private readonly reorganisations: ReorganisationService,
  ) {}

  async statistics(ctx: RequestContext, query: StatisticsQueryInput): Promise<StatisticsData> {
    const parsed = this.periods(query.periods);
    const metrics = await this.metricCodes(query.metrics);
    const groupBy = [...new Set(query.groupBy)];
    const byUnit = groupBy.includes(StatisticsDimension.UNIT);
    const basis = query.basis ?? StatisticsBasis.AS_REPORTED;
    if (query.unitLevel && !byUnit)
      throw new InvalidInputError('query.unitLevel', {
        vi: 'unitLevel chỉ dùng khi nhóm theo UNIT',
        en: 'unitLevel goes with groupBy UNIT',
      });
    if (basis === StatisticsBasis.CURRENT_UNITS && !byUnit)
      throw new InvalidInputError('query.basis', {
        vi: 'Quy đổi theo đơn vị hiện nay (CURRENT_UNITS) chỉ dùng khi nhóm theo đơn vị (UNIT)',
        en: 'CURRENT_UNITS goes with groupBy UNIT',
      });
    // The scope is the unit its code named in the periods asked (today's, re-based), not whatever bears the code today.
    const today = todayInVietnam();
    const scopeDays = basis === StatisticsBasis.CURRENT_UNITS ? [today] : parsed.flatMap((p) => (p.kind === 'TERM' ? [] : quarterDays(p)));
    const scope = await this.scope(ctx, query.scope, 'query.scope', scopeDays);
    const periods = await this.storedPeriods(parsed, scope);
    if (byUnit) return this.unitRows(scope, query.unitLevel ?? null, parsed, periods, metrics, groupBy, basis, today);
    const scopeCodes = scope.unit ? [scope.unit.code] : (await this.hierarchy.list({ level: CouncilLevel.CITY })).map((u) => u.code);

    // A period is the sum of the rollups it is stored as (a term: its quarters), named by its own code (`p.period`).
    const columns: [StatisticsDimension, string][] = [
      [StatisticsDimension.LEVEL, 'r.level'],
      [StatisticsDimension.PERIOD, 'p.period'],
      [StatisticsDimension.METRIC, 'r.metric_code'],
    ];
    const grouped = columns.filter(([d]) => groupBy.includes(d)).map(([, c]) => c);
    const select = [...grouped, 'sum(r.value)::bigint AS value'].join(', ');
    const stored = periods.flatMap((p) => p.stored.map((code) => [code, p.code]));
    const allMetrics = await this.allMetrics(metrics);
    const rows: Record<string, string>[] = await this.db.query(
      `SELECT ${select} FROM ${liveRollup(`scope_code = ANY($1) AND period = ANY($2) ${allMetrics ? '' : 'AND metric_code = ANY($4)'}`)} r
         JOIN unnest($2::varchar[], $3::varchar[]) AS p(stored, period) ON p.stored = r.period
        ${grouped.length ? `GROUP BY ${grouped.join(', ')}` : ''}`,
      [scopeCodes, stored.map(([code]) => code), stored.map(([, period]) => period), ...(allMetrics ? [] : [metrics])],
    );

    const wanted = new Set(metrics);
    const data: StatisticsRowData[] = rows
      .filter((r) => !r.metric_code || wanted.has(r.metric_code))
      .map((r) => ({
        unit: null,
        level: (r.level as CouncilLevel) ?? null,
        period: r.period ?? null,
        metricCode: r.metric_code ?? null,
        value: Number(r.value),
      }));
    if (!grouped.length && data.length === 0) data.push({ unit: null, level: null, period: null, metricCode: null, value: 0 });
    return { rows: this.sorted(data, metrics), notComparable: [], asOf: await this.asOf() };
  }

  /**
   * Rows by unit. AS_REPORTED: the units of the level as they stood in each quarter asked, one row per identity (00008
   * in 2025 is two rows: Phường Liễu Giai to 30/06, Phường Ngọc Hà from 01/07), each summing its own figures only.
   * CURRENT_UNITS: today's units, each summing what the units that went whole into it reported (`contributorsOn`); a
   * unit that took part of another is left out with the reason. A year reads its own rollup where the year's four
   * quarters read the same codes, else its quarters.
   */
  private async unitRows(
    scope: ResolvedScope,
    level: CouncilLevel | null,
    parsed: Period[],
    periods: { code: string; stored: string[] }[],
    metrics: string[],
    groupBy: StatisticsDimension[],
    basis: StatisticsBasis,
    today: string,
  ): Promise<StatisticsData> {
    const rowsByKey = new Map<string, UnitRow>();
    const rowOf = (unit: CouncilUnitEntity, day: string): UnitRow => {
      const key = unit.unitId ?? `${unit.code}@${unit.validFrom}`;
      let row = rowsByKey.get(key);
      if (!row) rowsByKey.set(key, (row = { unit, unitAsOf: day, cells: new Map(), reasons: new Map() }));
      else if (day > row.unitAsOf) Object.assign(row, { unit, unitAsOf: day });
      return row;
    };
    // Per row and period asked, each quarter's cells (codes of that quarter), before years are folded.
    const quarterCells = new Map<UnitRow, Map<string, Map<string, string[]>>>();
    const addQuarter = (row: UnitRow, period: string, quarter: string, codes: string[]) => {
      const byPeriod = quarterCells.get(row) ?? new Map<string, Map<string, string[]>>();
      quarterCells.set(row, byPeriod);
      const byQuarter = byPeriod.get(period) ?? new Map<string, string[]>();
      byPeriod.set(period, byQuarter);
      byQuarter.set(quarter, codes);
    };
    const quartersAsked = periods.map((p, i) => ({
      period: parsed[i],
      code: p.code,
      quarters: parsed[i].kind === 'TERM' ? p.stored.map((q) => parseQuarter(q)) : quartersOf(parsed[i] as CalendarPeriod),
    }));

    if (basis === StatisticsBasis.CURRENT_UNITS) {
      const units = await this.unitsAt(scope, level, today);
      const { identities, linksInto } = await this.reorganisations.ancestry(units.flatMap((u) => (u.unitId ? [u.unitId] : [])));
      for (const unit of units) {
        const row = rowOf(unit, today);
        for (const asked of quartersAsked) {
          for (const q of asked.quarters) {
            const day = quarterStartDay(q);
            const contributors = unit.unitId
              ? contributorsOn(unit.unitId, day, identities, linksInto)
              : { identities: unit.validFrom <= day ? [unit.code] : [], partial: [] };
            if (contributors.partial.length || !contributors.identities.length) {
              row.reasons.set(asked.code, notComparableReason(unit.name, periodLabel(asked.period), contributors));
              break;
            }
            const codes = unit.unitId
              ? await Promise.all(contributors.identities.map(async (id) => (await this.hierarchy.findByIdentity(id, day))?.code))
              : contributors.identities;
            addQuarter(
              row,
              asked.code,
              q.code,
              codes.filter((c): c is string => !!c),
            );
          }
        }
      }
    } else {
      for (const asked of quartersAsked)
        for (const q of asked.quarters) {
          const day = quarterStartDay(q);
          for (const unit of await this.unitsAt(scope, level, day)) addQuarter(rowOf(unit, day), asked.code, q.code, [unit.code]);
        }
    }

    // Fold each row's quarters into cells: a year whose four quarters read the same codes is its own stored row.
    for (const [row, byPeriod] of quarterCells)
      for (const [period, byQuarter] of byPeriod) {
        if (row.reasons.has(period)) continue;
        const asked = quartersAsked.find((a) => a.code === period)!;
        const same = new Set([...byQuarter.values()].map((codes) => codes.join(','))).size === 1;
        const cells =
          asked.period.kind === 'YEAR' && byQuarter.size === 4 && same
            ? byQuarter
                .values()
                .next()
                .value!.map((code) => ({ code, stored: asked.code }))
            : [...byQuarter].flatMap(([quarter, codes]) => codes.map((code) => ({ code, stored: quarter })));
        row.cells.set(period, cells);
      }

    const rows = [...rowsByKey.values()];
    // Which rows and periods a rollup cell adds to.
    const targets = new Map<string, { row: UnitRow; period: string }[]>();
    for (const row of rows)
      for (const [period, cells] of row.cells)
        for (const cell of cells) {
          const key = `${cell.code}|${cell.stored}`;
          targets.set(key, [...(targets.get(key) ?? []), { row, period }]);
        }
    const codes = [...new Set([...targets.keys()].map((k) => k.split('|')[0]))];
    const stored = [...new Set([...targets.keys()].map((k) => k.split('|')[1]))];
    const byLevel = groupBy.includes(StatisticsDimension.LEVEL);
    const allMetrics = await this.allMetrics(metrics);
    const found: { scope_code: string; period: string; level: string; metric_code: string; value: string }[] = codes.length
      ? await this.db.query(
          `SELECT scope_code, period, ${byLevel ? 'level' : 'NULL'} AS level, metric_code, sum(value)::bigint AS value
             FROM ${liveRollup(`scope_code = ANY($1) AND period = ANY($2) ${allMetrics ? '' : 'AND metric_code = ANY($3)'}`)} r
            GROUP BY scope_code, period, metric_code${byLevel ? ', level' : ''}`,
          [codes, stored, ...(allMetrics ? [] : [metrics])],
        )
      : [];

    const byPeriod = groupBy.includes(StatisticsDimension.PERIOD);
    const byMetric = groupBy.includes(StatisticsDimension.METRIC);
    // A row with a period it has no number for shows no number at all unless the periods are rows of their own.
    const shown = new Set(rows.filter((r) => byPeriod || r.reasons.size === 0));
    const sums = new Map<string, StatisticsRowData>();
    const wanted = new Set(metrics);
    for (const f of found) {
      if (!wanted.has(f.metric_code)) continue;
      for (const { row, period } of targets.get(`${f.scope_code}|${f.period}`) ?? []) {
        if (!shown.has(row)) continue;
        const cell = {
          unit: row.unit,
          unitAsOf: row.unitAsOf,
          level: byLevel ? (f.level as CouncilLevel) : null,
          period: byPeriod ? period : null,
          metricCode: byMetric ? f.metric_code : null,
        };
        const key = `${row.unit.unitId ?? row.unit.code}|${row.unit.validFrom}|${cell.level}|${cell.period}|${cell.metricCode}`;
        const sum = sums.get(key);
        if (sum) sum.value += Number(f.value);
        else sums.set(key, { ...cell, value: Number(f.value) });
      }
    }
    const data = [...sums.values()];
    // A table by unit lists every unit, with zeros where nothing was reported, in the periods it has a number for.
    if (!byLevel) {
      const have = new Set(data.map((r) => `${r.unit!.unitId ?? r.unit!.code}|${r.unit!.validFrom}|${r.period}|${r.metricCode}`));
      for (const row of shown)
        for (const period of byPeriod ? [...row.cells.keys()] : row.cells.size ? [null] : [])
          for (const metricCode of byMetric ? metrics : [null])
            if (!have.has(`${row.unit.unitId ?? row.unit.code}|${row.unit.validFrom}|${period}|${metricCode}`))
              data.push({ unit: row.unit, unitAsOf: row.unitAsOf, level: null, period, metricCode, value: 0 });
    }
    const notComparable = rows
      .flatMap((row) => [...row.reasons].map(([period, reason]) => ({ unit: row.unit, unitAsOf: row.unitAsOf, period, reason })))
      .sort((a, b) => compareCodes(a.unit.code, b.unit.code) || compareCodes(a.period, b.period));
    return { rows: this.sorted(data, metrics), notComparable, asOf: await this.asOf() };
  }

  private sorted(data: StatisticsRowData[], metrics: string[]): StatisticsRowData[] {
    const order = new Map(metrics.map((m, i) => [m, i]));
    return data.sort(
      (a, b) =>
        compareCodes(a.unit?.code ?? '', b.unit?.code ?? '') ||
        (a.unit?.validFrom ?? '').localeCompare(b.unit?.validFrom ?? '') ||
        compareCodes(a.period ?? '', b.period ?? '') ||
        LEVEL_ORDER.indexOf(a.level as CouncilLevel) - LEVEL_ORDER.indexOf(b.level as CouncilLevel) ||
        (order.get(a.metricCode ?? '') ?? 0) - (order.get(b.metricCode ?? '') ?? 0),
    );
  }

  /** With every metric wanted, filtering on metric_code would cost an index probe per scope × metric: leave it out. */
  private async allMetrics(metrics: string[]): Promise<boolean> {
    return metrics.length === (await this.metrics.byCode()).size;
  }

  /**
   * Who has reported a quarter at one level, inside a scope; only councils that exist in that quarter are expected.
   * City staff (and viewers, through the briefing) as `scope` allows; district staff only their own district's
   * communes: scope their district (the default), level WARD. Any other scope is FORBIDDEN before it is even looked
   * up; level DISTRICT is FORBIDDEN to them; level CITY is BAD_USER_INPUT, as for anyone (above the scope).
   */
  async completeness(ctx: RequestContext, period: string, level: CouncilLevel, scopeCode?: string | null): Promise<CompletenessData> {
    const quarter = parseQuarter(period, 'period');
    const user = ctx.requireUser();
    if (user.role === Role.DISTRICT_STAFF) {
      if ((scopeCode ?? user.unitCode) !== user.unitCode)
        throw new ForbiddenError(
          { vi: 'Cán bộ cấp huyện chỉ xem được các xã của huyện mình', en: 'District staff may read only their own district’s communes' },
          { field: 'scope' },
        );
      if (level === CouncilLevel.DISTRICT)
        throw new ForbiddenError(
          { vi: 'Cán bộ cấp huyện chỉ xem được cấp xã (WARD)', en: 'District staff may read the commune level (WARD) only' },
          { field: 'level' },
        );
    }
    const asOf = quarterStartDay(quarter);
    const scope = await this.scope(ctx, scopeCode, 'scope', [asOf]);
    const candidates = await this.unitsAt(scope, level, asOf, 'level');
    const expected = candidates.filter((u) => hasCouncilOn(u, asOf));
    const facts: { unit_code: string; late: boolean }[] = expected.length
      ? await this.db.query(
          `SELECT unit_code, late FROM city.report_fact WHERE period = $1 AND unit_level = $2 AND counts AND unit_code = ANY($3)`,
          [quarter.code, level, expected.map((u) => u.code)],
        )
      : [];
    const reported = new Map(facts.map((f) => [f.unit_code, f.late]));
    const late = facts.filter((f) => f.late).length;
    return {
      period: quarter.code,
      level,
      expected: expected.length,
      submitted: reported.size,
      onTime: reported.size - late,
      late,
      missing: expected.filter((u) => !reported.has(u.code)),
      asOf: await this.asOf(),
    };
  }

  /**
   * Each council's annual targets beside its own figures for the year (its
   * own activity, not its subtree's: the programme is the council's).
   */
  async planVsActual(
    ctx: RequestContext,
    year: number,
    scopeCode?: string | null,
    unitLevel?: CouncilLevel | null,
    metricCodes?: string[] | null,
  ): Promise<PlanVsActualData[]> {
    checkYear(year, 'year');
    const metrics = await this.metricCodes(metricCodes, 'metrics');
    const scope = await this.scope(ctx, scopeCode, 'scope', [`${year}-01-01`]);
    const units = await this.unitsAt(scope, unitLevel ?? null, `${year}-01-01`, 'unitLevel');
    if (units.length === 0) return [];
    const plans: { unit_code: string; targets: Record<string, number> }[] = await this.db.query(
      `SELECT unit_code, targets FROM city.plan_fact WHERE year = $1 AND unit_code = ANY($2)`,
      [year, units.map((u) => u.code)],
    );
    if (plans.length === 0) return [];
    const actual: { scope_code: string; metric_code: string; value: string }[] = await this.db.query(
      `SELECT scope_code, metric_code, sum(value)::bigint AS value FROM ${liveRollup('scope_code = ANY($1) AND period = $2 AND level = $3 AND metric_code = ANY($4)')} r GROUP BY scope_code, metric_code`,
      [plans.map((p) => p.unit_code), String(year), units[0].level, metrics],
    );
    const actualOf = new Map(actual.map((a) => [`${a.scope_code}|${a.metric_code}`, Number(a.value)]));
    const unitOf = new Map(units.map((u) => [u.code, u]));
    const wanted = new Set(metrics);
    const order = new Map(metrics.map((m, i) => [m, i]));
    return plans
      .sort((a, b) => compareCodes(a.unit_code, b.unit_code))
      .flatMap((p) =>
        Object.entries(p.targets)
          .filter(([m]) => wanted.has(m))
          .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
          .map(([metricCode, target]) => {
            const value = actualOf.get(`${p.unit_code}|${metricCode}`) ?? 0;
            return {
              unit: unitOf.get(p.unit_code)!,
              metricCode,
              target,
              actual: value,
              percent: target > 0 ? Math.round((value / target) * 1000) / 10 : null,
            };
          }),
      );
  }

  /**
   * The figures include every change the city side has received up to this
   * moment (applied events count at once: see `liveRollup`), so: now.
   */
  async asOf(): Promise<Date> {
    return new Date();
  }

  // ------------------------------------------- for the briefing (which checks its readers: BriefingsService.hostOf)

  /** A scope's totals per level, period and metric, pending deltas included (see `liveRollup`). */
  async levelTotals(
    scopeCode: string,
    periods: readonly string[],
  ): Promise<{ level: string; period: string; metric: string; value: number }[]> {
    const rows: { level: string; period: string; metric: string; v: string }[] = await this.db.query(
      `SELECT level, period, metric_code AS metric, sum(value)::bigint AS v FROM ${liveRollup('scope_code = $1 AND period = ANY($2)')} r GROUP BY level, period, metric_code`,
      [scopeCode, [...periods]],
    );
    return rows.map((r) => ({ level: r.level, period: r.period, metric: r.metric, value: Number(r.v) }));
  }

  /** The councils under `rootCode` that have reported any of `quarters` (so a year counts once any quarter is in), and whether late. */
  async reportedCouncils(
    rootCode: string,
    quarters: readonly string[],
  ): Promise<{ unitCode: string; level: CouncilLevel; districtCode: string | null; late: boolean }[]> {
    return this.db.query(
      `SELECT unit_code AS "unitCode", unit_level AS level, district_code AS "districtCode", bool_or(late) AS late FROM city.report_fact
        WHERE root_code = $1 AND period = ANY($2) AND counts GROUP BY unit_code, unit_level, district_code`,
      [rootCode, [...quarters]],
    );
  }

  // ----------------------------------------------------------------- input

  private periods(values: string[]): Period[] {
    if (!values.length) throw new InvalidInputError('query.periods', { vi: 'Cần ít nhất một kỳ', en: 'At least one period is needed' });
    if (values.length > MAX_PERIODS)
      throw new InvalidInputError('query.periods', { vi: `Tối đa ${MAX_PERIODS} kỳ`, en: `At most ${MAX_PERIODS} periods` });
    return values.map((v, i) => parsePeriod(v, `query.periods[${i}]`));
  }

  /**
   * Each period's code and the rollup periods it adds up: a quarter or a year itself, a term its quarters, from the
   * dates of the scope's city council's term (council_term; for the country, of every city's). No quarter may count
   * twice across the periods asked.
   */
  private async storedPeriods(periods: Period[], scope: ResolvedScope): Promise<{ code: string; stored: string[] }[]> {
    const seen = new Set<string>();
    const resolved: { code: string; stored: string[] }[] = [];
    for (const [i, p] of periods.entries()) {
      const field = `query.periods[${i}]`;
      const quarters = p.kind === 'TERM' ? await this.termQuarters(p, scope, field) : quartersOf(p);
      for (const q of quarters) {
        if (seen.has(q.code)) {
          throw new InvalidInputError(field, {
            vi: `Các kỳ chồng lên nhau (${q.code} được tính hai lần)`,
            en: `Periods overlap (${q.code} would count twice)`,
          });
        }
        seen.add(q.code);
      }
      // A year has rollups of its own (one row, not four); a term is read as its quarters.
      resolved.push({ code: p.code, stored: p.kind === 'TERM' ? quarters.map((q) => q.code) : [p.code] });
    }
    return resolved;
  }

  private async termQuarters(term: TermPeriod, scope: ResolvedScope, field: string) {
    const cities = scope.unit ? [scope.unit.rootCode] : (await this.hierarchy.list({ level: CouncilLevel.CITY })).map((u) => u.code);
    const span = await this.terms.span(term.code, cities);
    const label = periodLabel(term);
    if (!span)
      throw new InvalidInputError(field, {
        vi: `Chưa có ${label.vi.toLowerCase()} của HĐND cấp tỉnh trong phạm vi này`,
        en: `No provincial council in this scope has the ${label.en.toLowerCase()}`,
      });
    const quarters = termQuarters({ from: span.validFrom, to: span.validTo }, todayInVietnam());
    if (!quarters.length) throw new InvalidInputError(field, { vi: `${label.vi} chưa bắt đầu`, en: `${label.en} has not begun` });
    return quarters;
  }

  private async metricCodes(requested?: string[] | null, field = 'query.metrics'): Promise<string[]> {
    const catalogue = await this.metrics.byCode();
    if (!requested?.length) return [...catalogue.keys()];
    requested.forEach((m, i) => {
      if (!catalogue.has(m))
        throw new InvalidInputError(`${field}[${i}]`, {
          vi: `Không có chỉ tiêu "${m.slice(0, 80)}"`,
          en: `Unknown metric "${m.slice(0, 80)}"`,
        });
    });
    return [...new Set(requested)];
  }

  /**
   * City staff may ask about any unit, or the whole country; district staff
   * about their district and its wards. The default is the caller's own unit
   * (for city staff: their city).
   */
  private async scope(ctx: RequestContext, code: string | null | undefined, field: string, days: string[] = []): Promise<ResolvedScope> {
    const user = ctx.requireUser();
    const wanted = code ?? user.unitCode;
    if (wanted === NATIONAL_SCOPE) {
      if (!ctx.isCityWide) throw new ForbiddenError();
      return { unit: null, level: 'NATION' };
    }
    const [unit, day] = await this.unitOfPeriods(wanted, field, days);
    // Their own unit or one directly under it: by identity where the account has one (issue 14). The parent is looked
    // up only for the callers that need it (not city-wide, not their own unit).
    if (!ctx.isCityWide && !isUsersUnit(user, unit.code, unit.unitId) && !(await this.parentIsUsers(user, unit, day))) {
      throw new ForbiddenError(
        { vi: `Không có quyền xem số liệu của ${unit.name}`, en: `Not allowed to read the figures of ${unit.name}` },
        { field },
      );
    }
    return { unit, level: unit.level };
  }

  /**
   * The unit `code` named on the days of the periods asked (today when none): one identity, its latest version then.
   * A code that named two units in those days (00008 in 2025) is refused, since a total over both would mix them.
   */
  private async unitOfPeriods(code: string, field: string, days: string[]): Promise<[CouncilUnitEntity, string]> {
    if (!days.length) return [await this.hierarchy.requireByCode(code, field), todayInVietnam()];
    const found = new Map<string, [CouncilUnitEntity, string]>();
    for (const day of [...new Set(days)].sort()) {
      const unit = await this.hierarchy.findByCode(code, day);
      if (unit) found.set(unit.unitId ?? unit.code, [unit, day]);
    }
    // Nothing under the code then (a year before the units were recorded): the unit it names today, as before dates.
    if (!found.size) {
      const today = todayInVietnam();
      const now = await this.hierarchy.findByCode(code, today);
      return now ? [now, today] : [await this.hierarchy.requireByCode(code, field, [...days].sort()[0]), days[0]];
    }
    if (found.size > 1) {
      const names = [...found.values()].map(([u]) => `${u.name} (${vietnameseDateText(u.validFrom)})`).join(', ');
      throw new InvalidInputError(field, {
        vi: `Mã "${code}" là ${found.size} đơn vị khác nhau trong các kỳ đã chọn: ${names}; hãy chọn các kỳ của một đơn vị, hoặc xem theo đơn vị`,
        en: `Code "${code}" names ${found.size} different units in the periods asked: ${names}; ask for one unit’s periods, or group by unit`,
      });
    }
    return [...found.values()][0];
  }

  private async parentIsUsers(user: AuthUser, unit: CouncilUnitEntity, day: string): Promise<boolean> {
    const parent = unit.parentCode ? await this.hierarchy.findByCode(unit.parentCode, day) : null;
    return isUsersUnit(user, unit.parentCode, parent?.unitId);
  }

  /** The units of one level inside a scope on a day (default: the level of its children that day: communes under the city from 2025-07-01). */
  private async unitsAt(
    scope: ResolvedScope,
    level: CouncilLevel | null,
    asOf = todayInVietnam(),
    field = 'query.unitLevel',
  ): Promise<CouncilUnitEntity[]> {
    const scopeIndex = scope.level === 'NATION' ? -1 : LEVEL_ORDER.indexOf(scope.level);
    const children = !level && scope.unit ? await this.hierarchy.list({ parentCode: scope.unit.code }, asOf) : [];
    const target = level ?? children[0]?.level ?? LEVEL_ORDER[Math.min(scopeIndex + 1, LEVEL_ORDER.length - 1)];
    const targetIndex = LEVEL_ORDER.indexOf(target);
    if (targetIndex < scopeIndex) {
      throw new InvalidInputError(field, {
        vi: 'Cấp đơn vị phải thấp hơn hoặc bằng cấp của phạm vi',
        en: 'unitLevel must be at or below the scope’s level',
      });
    }
    if (!scope.unit) return this.hierarchy.list({ level: target }, asOf);
    if (targetIndex === scopeIndex) {
      const self = scope.unit.unitId ? await this.hierarchy.findByIdentity(scope.unit.unitId, asOf) : scope.unit;
      return self ? [self] : [];
    }
    if (scope.unit.level === CouncilLevel.CITY) return this.hierarchy.list({ level: target, rootCode: scope.unit.code }, asOf);
    return this.hierarchy.list({ level: target, parentCode: scope.unit.code }, asOf);
  }
}
