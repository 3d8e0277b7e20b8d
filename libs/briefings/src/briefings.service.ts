import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { compareCodes, CouncilLevel, isQuarterPeriod, parsePeriod, previousQuarter, quartersOf, quarterStart, vietnamDate, yearPeriod, type Period } from '@council/core';
import type { RequestContext } from '@council/auth';
import { DirectivesService, type ProgressCounts } from '@council/directives';
import { HierarchyService, hasCouncilOn, type CouncilUnitEntity } from '@council/hierarchy';
import { StatisticsService, liveRollup } from '@council/statistics';

export interface LevelSummaryData {
  level: CouncilLevel;
  councils: number;
  reported: number;
  late: number;
  values: Map<string, number>;
  /** The same metrics in the previous period (quarter before, or year before). */
  previous: Map<string, number>;
}

/** One participating unit (for the city's briefing: a district) as the screen's chart shows it. */
export interface BriefingUnitRowData {
  unit: CouncilUnitEntity;
  reported: boolean;
  late: boolean;
  councilsBelow: number;
  reportedBelow: number;
  openAssignments: number;
  overdueAssignments: number;
}

export interface BriefingSummaryData {
  period: string;
  previousPeriod: string;
  asOf: Date;
  computedAt: Date;
  host: CouncilUnitEntity;
  hostCode: string;
  /** The date the units and councils are taken at (the period's first day). */
  unitsAsOf: string;
  levels: LevelSummaryData[];
  directives: ProgressCounts;
  units: BriefingUnitRowData[];
}

const LEVELS = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

export function previousPeriodOf(p: Period): Period {
  return isQuarterPeriod(p) ? previousQuarter(p) : yearPeriod(p.year - 1);
}

/**
 * What the screen in the briefing hall shows for a period: per level, how
 * many councils there are, how many have reported, their totals and the change
 * against the previous period; reporting by district; and how far the city's
 * directives have got. Read from the rollups and facts only, so its cost does
 * not grow with the number of reports.
 */
@Injectable()
export class BriefingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly statistics: StatisticsService,
    private readonly directives: DirectivesService,
  ) {}

  /** The briefing host a caller sees: the root (city) of the caller's unit. Validates the period first. */
  async hostOf(ctx: RequestContext, period: string): Promise<{ hostCode: string; period: Period }> {
    const user = ctx.requireUser();
    const p = parsePeriod(period, 'period');
    const unit = await this.hierarchy.requireByCode(user.unitCode, 'period');
    return { hostCode: unit.rootCode, period: p };
  }

  async summary(ctx: RequestContext, period: string): Promise<BriefingSummaryData> {
    const { hostCode, period: p } = await this.hostOf(ctx, period);
    return this.compute(hostCode, p.code);
  }

  /** The summary of `hostCode`'s briefing, whoever asks (callers check scope first: see `hostOf`). */
  async compute(hostCode: string, period: string): Promise<BriefingSummaryData> {
    const p = parsePeriod(period, 'period');
    const prev = previousPeriodOf(p);
    const quarters = quartersOf(p).map((q) => q.code);
    const unitsAsOf = vietnamDate(quarterStart(quartersOf(p)[0]));
    const [host, units] = await Promise.all([this.hierarchy.requireByCode(hostCode, 'period', unitsAsOf), this.hierarchy.list({ rootCode: hostCode }, unitsAsOf)]);
    const councils = units.filter((u) => hasCouncilOn(u, unitsAsOf));

    const [totals, facts, directiveRows, byDistrict, asOf] = await Promise.all([
      this.db.query(`SELECT level, period, metric_code, sum(value)::bigint AS v FROM ${liveRollup('scope_code = $1 AND period = ANY($2)')} r GROUP BY level, period, metric_code`, [
        hostCode,
        [p.code, prev.code],
      ]) as Promise<
        { level: string; period: string; metric_code: string; v: string }[]
      >,
      // A council has reported a year once it has reported any of its quarters.
      this.db.query(
        `SELECT unit_code, unit_level AS level, district_code, bool_or(late) AS late FROM city.report_fact
          WHERE root_code = $1 AND period = ANY($2) AND counts GROUP BY unit_code, unit_level, district_code`,
        [hostCode, quarters],
      ) as Promise<{ unit_code: string; level: CouncilLevel; district_code: string | null; late: boolean }[]>,
      this.db.query(`SELECT id, expected_assignments AS "expectedAssignments" FROM city.directive WHERE issued_by_unit = $1`, [hostCode]) as Promise<{ id: string; expectedAssignments: number }[]>,
      this.directives.openAndOverdueByDistrict(),
      this.statistics.asOf(),
    ]);
    const progress = await this.directives.progress(directiveRows);
    const directives: ProgressCounts = { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 };
    for (const c of progress.values()) for (const k of Object.keys(directives) as (keyof ProgressCounts)[]) directives[k] += c[k];

    const values = (level: string, period: string) => new Map(totals.filter((t) => t.level === level && t.period === period).map((t) => [t.metric_code, Number(t.v)]));
    const levels = LEVELS.map((level) => {
      const mine = facts.filter((f) => f.level === level);
      return {
        level,
        councils: councils.filter((u) => u.level === level).length,
        reported: mine.length,
        late: mine.filter((f) => f.late).length,
        values: values(level, p.code),
        previous: values(level, prev.code),
      };
    });

    const factOf = new Map(facts.map((f) => [f.unit_code, f]));
    const directiveCounts = new Map(byDistrict.map((r) => [r.districtCode, r]));
    const rows = units
      .filter((u) => u.parentCode === hostCode)
      .sort((a, b) => compareCodes(a.code, b.code))
      .map((unit) => {
        const below = councils.filter((c) => c.parentCode === unit.code);
        const own = factOf.get(unit.code);
        return {
          unit,
          reported: own !== undefined,
          late: own?.late ?? false,
          councilsBelow: below.length,
          reportedBelow: below.filter((c) => factOf.has(c.code)).length,
          openAssignments: directiveCounts.get(unit.code)?.open ?? 0,
          overdueAssignments: directiveCounts.get(unit.code)?.overdue ?? 0,
        };
      });
    return { period: p.code, previousPeriod: prev.code, asOf, computedAt: new Date(), host, hostCode, unitsAsOf, levels, directives, units: rows };
  }
}
