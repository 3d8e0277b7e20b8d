import type { AuthUser, RequestContext } from '@council/auth';
import {
  checkYear,
  compareCodes,
  CouncilLevel,
  ForbiddenError,
  InvalidInputError,
  isUsersUnit,
  parsePeriod,
  parseQuarter,
  type Period,
  periodLabel,
  quartersOf,
  quarterStartDay,
  Role,
  type TermPeriod,
  termQuarters,
} from '@council/core';
import { CouncilTermService, type CouncilUnitEntity, hasCouncilOn, HierarchyService, todayInVietnam } from '@council/hierarchy';
import { MetricsService } from '@council/metrics';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { StatisticsDimension, type StatisticsQueryInput } from './dto/statistics-query.input.js';
import { liveRollup } from './live-rollup.js';
import { CITY_DB } from './statistics.tokens.js';

/** The whole country as a scope: every province-level root. */
export const NATIONAL_SCOPE = 'VN';
const MAX_PERIODS = 40;
const LEVEL_ORDER = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

export interface StatisticsRowData {
  level: CouncilLevel | null;
  unit: CouncilUnitEntity | null;
  period: string | null;
  metricCode: string | null;
  value: number;
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
  ) {}

  async statistics(ctx: RequestContext, query: StatisticsQueryInput): Promise<{ rows: StatisticsRowData[]; asOf: Date }> {
    const parsed = this.periods(query.periods);
    const metrics = await this.metricCodes(query.metrics);
    const groupBy = [...new Set(query.groupBy)];
    const byUnit = groupBy.includes(StatisticsDimension.UNIT);
    if (query.unitLevel && !byUnit)
      throw new InvalidInputError('query.unitLevel', {
        vi: 'unitLevel chỉ dùng khi nhóm theo UNIT',
        en: 'unitLevel goes with groupBy UNIT',
      });
    const scope = await this.scope(ctx, query.scope, 'query.scope');
    const periods = await this.storedPeriods(parsed, scope);

    let units: CouncilUnitEntity[] = [];
    let scopeCodes: string[];
    if (byUnit) {
      units = await this.unitsAt(scope, query.unitLevel ?? null);
      scopeCodes = units.map((u) => u.code);
    } else {
      scopeCodes = scope.unit ? [scope.unit.code] : (await this.hierarchy.list({ level: CouncilLevel.CITY })).map((u) => u.code);
    }

    // A period is the sum of the rollups it is stored as (a term: its quarters), named by its own code (`p.period`).
    const columns: [StatisticsDimension, string][] = [
      [StatisticsDimension.UNIT, 'r.scope_code'],
      [StatisticsDimension.LEVEL, 'r.level'],
      [StatisticsDimension.PERIOD, 'p.period'],
      [StatisticsDimension.METRIC, 'r.metric_code'],
    ];
    const grouped = columns.filter(([d]) => groupBy.includes(d)).map(([, c]) => c);
    const select = [...grouped, 'sum(r.value)::bigint AS value'].join(', ');
    const stored = periods.flatMap((p) => p.stored.map((code) => [code, p.code]));
    // With every metric wanted, filtering on metric_code would cost an index probe per scope × metric: leave it out.
    const allMetrics = metrics.length === (await this.metrics.byCode()).size;
    const rows: Record<string, string>[] = scopeCodes.length
      ? await this.db.query(
          `SELECT ${select} FROM ${liveRollup(`scope_code = ANY($1) AND period = ANY($2) ${allMetrics ? '' : 'AND metric_code = ANY($4)'}`)} r
             JOIN unnest($2::varchar[], $3::varchar[]) AS p(stored, period) ON p.stored = r.period
            ${grouped.length ? `GROUP BY ${grouped.join(', ')}` : ''}`,
          [scopeCodes, stored.map(([code]) => code), stored.map(([, period]) => period), ...(allMetrics ? [] : [metrics])],
        )
      : [];

    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const wanted = new Set(metrics);
    const data: StatisticsRowData[] = rows
      .filter((r) => !r.metric_code || wanted.has(r.metric_code))
      .map((r) => ({
        unit: r.scope_code ? (unitByCode.get(r.scope_code) ?? null) : null,
        level: (r.level as CouncilLevel) ?? null,
        period: r.period ?? null,
        metricCode: r.metric_code ?? null,
        value: Number(r.value),
      }));
    if (!grouped.length && data.length === 0) data.push({ unit: null, level: null, period: null, metricCode: null, value: 0 });
    // A table by unit lists every unit, with zeros where nothing was reported.
    if (byUnit && !groupBy.includes(StatisticsDimension.LEVEL))
      this.fillZeros(
        data,
        units,
        groupBy.includes(StatisticsDimension.PERIOD) ? periods.map((p) => p.code) : [null],
        groupBy.includes(StatisticsDimension.METRIC) ? metrics : [null],
      );

    const order = new Map(metrics.map((m, i) => [m, i]));
    data.sort(
      (a, b) =>
        compareCodes(a.unit?.code ?? '', b.unit?.code ?? '') ||
        compareCodes(a.period ?? '', b.period ?? '') ||
        LEVEL_ORDER.indexOf(a.level as CouncilLevel) - LEVEL_ORDER.indexOf(b.level as CouncilLevel) ||
        (order.get(a.metricCode ?? '') ?? 0) - (order.get(b.metricCode ?? '') ?? 0),
    );
    return { rows: data, asOf: await this.asOf() };
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
    const scope = await this.scope(ctx, scopeCode, 'scope');
    const asOf = quarterStartDay(quarter);
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
    const scope = await this.scope(ctx, scopeCode, 'scope');
    const units = await this.unitsAt(scope, unitLevel ?? null, undefined, 'unitLevel');
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
  private async scope(ctx: RequestContext, code: string | null | undefined, field: string): Promise<ResolvedScope> {
    const user = ctx.requireUser();
    const wanted = code ?? user.unitCode;
    if (wanted === NATIONAL_SCOPE) {
      if (!ctx.isCityWide) throw new ForbiddenError();
      return { unit: null, level: 'NATION' };
    }
    const unit = await this.hierarchy.requireByCode(wanted, field);
    // Their own unit or one directly under it: by identity where the account has one (issue 14). The parent is looked
    // up only for the callers that need it (not city-wide, not their own unit).
    if (!ctx.isCityWide && !isUsersUnit(user, unit.code, unit.unitId) && !(await this.parentIsUsers(user, unit))) {
      throw new ForbiddenError(
        { vi: `Không có quyền xem số liệu của ${unit.name}`, en: `Not allowed to read the figures of ${unit.name}` },
        { field },
      );
    }
    return { unit, level: unit.level };
  }

  private async parentIsUsers(user: AuthUser, unit: CouncilUnitEntity): Promise<boolean> {
    const parent = unit.parentCode ? await this.hierarchy.findByCode(unit.parentCode) : null;
    return isUsersUnit(user, unit.parentCode, parent?.unitId);
  }

  /** The units of one level inside a scope (default: the level just below it). */
  private async unitsAt(
    scope: ResolvedScope,
    level: CouncilLevel | null,
    asOf?: string,
    field = 'query.unitLevel',
  ): Promise<CouncilUnitEntity[]> {
    const scopeIndex = scope.level === 'NATION' ? -1 : LEVEL_ORDER.indexOf(scope.level);
    const target = level ?? LEVEL_ORDER[Math.min(scopeIndex + 1, LEVEL_ORDER.length - 1)];
    const targetIndex = LEVEL_ORDER.indexOf(target);
    if (targetIndex < scopeIndex) {
      throw new InvalidInputError(field, {
        vi: 'Cấp đơn vị phải thấp hơn hoặc bằng cấp của phạm vi',
        en: 'unitLevel must be at or below the scope’s level',
      });
    }
    if (!scope.unit) return this.hierarchy.list({ level: target }, asOf);
    if (targetIndex === scopeIndex) return [scope.unit];
    if (scope.unit.level === CouncilLevel.CITY) return this.hierarchy.list({ level: target, rootCode: scope.unit.code }, asOf);
    return this.hierarchy.list({ level: target, parentCode: scope.unit.code }, asOf);
  }

  private fillZeros(rows: StatisticsRowData[], units: CouncilUnitEntity[], periods: (string | null)[], metrics: (string | null)[]): void {
    if (rows.length === units.length * periods.length * metrics.length) return; // every cell is there (rows are unique per cell)
    const have = new Set(rows.map((r) => `${r.unit?.code}|${r.period}|${r.metricCode}`));
    for (const unit of units)
      for (const period of periods)
        for (const metricCode of metrics)
          if (!have.has(`${unit.code}|${period}|${metricCode}`)) rows.push({ unit, level: null, period, metricCode, value: 0 });
  }
}
