import type { RequestContext } from '@council/auth';
import {
  type CalendarPeriod,
  compareCodes,
  CouncilLevel,
  isQuarterPeriod,
  parseCalendarPeriod,
  previousQuarter,
  quarterEnd,
  quartersOf,
  quarterStartDay,
  yearPeriod,
} from '@council/core';
import { DirectivesService, type ProgressCounts } from '@council/directives';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { StatisticsService } from '@council/statistics';
import { Injectable } from '@nestjs/common';

export interface LevelSummaryData {
  level: CouncilLevel;
  councils: number;
  reported: number;
  late: number;
  values: Map<string, number>;
  /** The same metrics in the previous period (quarter before, or year before). */
  previous: Map<string, number>;
  /** Councils of this level that reported in the previous period: none, and there is nothing to compare with. */
  previousReported: number;
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
  /** Levels the previous period had and this one has not (the districts from 2025Q3): not compared, said so. */
  endedLevels: { level: CouncilLevel; councils: number; endedOn: string }[];
  directives: ProgressCounts;
  units: BriefingUnitRowData[];
}

const LEVELS = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

export function previousPeriodOf(p: CalendarPeriod): CalendarPeriod {
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
    private readonly hierarchy: HierarchyService,
    private readonly statistics: StatisticsService,
    private readonly directives: DirectivesService,
  ) {}

  /** The briefing host a caller sees: the root (city) of the caller's unit. Validates the period first. */
  async hostOf(ctx: RequestContext, period: string): Promise<{ hostCode: string; period: CalendarPeriod }> {
    const user = ctx.requireUser();
    const p = parseCalendarPeriod(period, 'period');
    const unit = await this.hierarchy.requireByCode(user.unitCode, 'period');
    return { hostCode: unit.rootCode, period: p };
  }

  async summary(ctx: RequestContext, period: string): Promise<BriefingSummaryData> {
    const { hostCode, period: p } = await this.hostOf(ctx, period);
    return this.compute(hostCode, p.code);
  }

  /** The summary of `hostCode`'s briefing, whoever asks (callers check scope first: see `hostOf`). */
  async compute(hostCode: string, period: string): Promise<BriefingSummaryData> {
    const p = parseCalendarPeriod(period, 'period');
    const prev = previousPeriodOf(p);
    const quarters = quartersOf(p).map((q) => q.code);
    // The briefing of a period shows the directives issued by its end, not those of later periods.
    const periodEnd = quarterEnd(quartersOf(p).at(-1)!);
    const unitsAsOf = quarterStartDay(quartersOf(p)[0]);
    const previousAsOf = quarterStartDay(quartersOf(prev)[0]);
    const [host, units, previousUnits] = await Promise.all([
      this.hierarchy.requireByCode(hostCode, 'period', unitsAsOf),
      this.hierarchy.list({ rootCode: hostCode }, unitsAsOf),
      this.hierarchy.list({ rootCode: hostCode }, previousAsOf),
    ]);
    const councils = units.filter((u) => hasCouncilOn(u, unitsAsOf));
    const councilsOf = (list: CouncilUnitEntity[], day: string, level: CouncilLevel) =>
      list.filter((u) => u.level === level && hasCouncilOn(u, day)).length;
    // The levels of the period (the city and its communes from 2025Q3); where the hierarchy holds no unit on that day,
    // all three, as before units had dates. A level of the previous period that this one lacks is said to have ended.
    const present = LEVELS.filter((level) => councils.some((u) => u.level === level));
    const shownLevels = present.length ? present : LEVELS;
    const endedLevels = present.length
      ? LEVELS.filter((level) => !present.includes(level) && councilsOf(previousUnits, previousAsOf, level) > 0).map((level) => ({
          level,
          councils: councilsOf(previousUnits, previousAsOf, level),
          endedOn: unitsAsOf,
        }))
      : [];

    const [totals, facts, previousFacts, directives, byDistrict, asOf] = await Promise.all([
      this.statistics.levelTotals(hostCode, [p.code, prev.code]),
      this.statistics.reportedCouncils(hostCode, quarters),
      this.statistics.reportedCouncils(
        hostCode,
        quartersOf(prev).map((q) => q.code),
      ),
      this.directives.progressOfIssuer(hostCode, periodEnd),
      this.directives.openAndOverdueByDistrict(periodEnd),
      this.statistics.asOf(),
    ]);

    const values = (level: string, period: string) =>
      new Map(totals.filter((t) => t.level === level && t.period === period).map((t) => [t.metric, t.value]));
    const levels = shownLevels.map((level) => {
      const mine = facts.filter((f) => f.level === level);
      return {
        level,
        councils: councils.filter((u) => u.level === level).length,
        reported: mine.length,
        late: mine.filter((f) => f.late).length,
        values: values(level, p.code),
        previous: values(level, prev.code),
        previousReported: previousFacts.filter((f) => f.level === level).length,
      };
    });

    const factOf = new Map(facts.map((f) => [f.unitCode, f]));
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
    return {
      period: p.code,
      previousPeriod: prev.code,
      asOf,
      computedAt: new Date(),
      host,
      hostCode,
      unitsAsOf,
      levels,
      endedLevels,
      directives,
      units: rows,
    };
  }
}
