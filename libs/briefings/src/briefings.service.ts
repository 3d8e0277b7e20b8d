import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CouncilLevel, parsePeriod, quartersOf, quarterStart, vietnamDate } from '@council/core';
import type { RequestContext } from '@council/auth';
import { DirectivesService, type ProgressCounts } from '@council/directives';
import { HierarchyService, hasCouncilOn } from '@council/hierarchy';
import { StatisticsService } from '@council/statistics';

export interface LevelSummaryData {
  level: CouncilLevel;
  councils: number;
  reported: number;
  values: Map<string, number>;
}

const LEVELS = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

/**
 * What the screen in the briefing hall shows for a period: per level, how
 * many councils there are, how many have reported, and their totals; and how
 * far the city's directives have got. Read from the rollups and facts only.
 */
@Injectable()
export class BriefingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly statistics: StatisticsService,
    private readonly directives: DirectivesService,
  ) {}

  async summary(ctx: RequestContext, period: string): Promise<{ period: string; asOf: Date; levels: LevelSummaryData[]; directives: ProgressCounts }> {
    const user = ctx.requireUser();
    const p = parsePeriod(period, 'period');
    const quarters = quartersOf(p).map((q) => q.code);
    const city = await this.hierarchy.requireByCode(user.unitCode, 'period');
    const root = city.rootCode;
    // Councils as they stood when the period began.
    const asOfDate = vietnamDate(quarterStart(quartersOf(p)[0]));
    const units = (await this.hierarchy.list({ rootCode: root }, asOfDate)).filter((u) => hasCouncilOn(u, asOfDate));

    const [totals, reported, directiveRows] = await Promise.all([
      this.db.query(`SELECT level, metric_code, sum(value)::bigint AS v FROM city.rollup WHERE scope_code = $1 AND period = $2 GROUP BY level, metric_code`, [root, p.code]) as Promise<
        { level: string; metric_code: string; v: string }[]
      >,
      // A council has reported a year once it has reported any of its quarters.
      this.db.query(`SELECT unit_level AS level, count(DISTINCT unit_code)::int AS n FROM city.report_fact WHERE root_code = $1 AND period = ANY($2) AND counts GROUP BY unit_level`, [root, quarters]) as Promise<
        { level: string; n: number }[]
      >,
      this.db.query(`SELECT id, expected_assignments AS "expectedAssignments" FROM city.directive WHERE issued_by_unit = $1`, [city.code]) as Promise<{ id: string; expectedAssignments: number }[]>,
    ]);
    const progress = await this.directives.progress(directiveRows);
    const directives: ProgressCounts = { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 };
    for (const c of progress.values()) for (const k of Object.keys(directives) as (keyof ProgressCounts)[]) directives[k] += c[k];

    const levels = LEVELS.map((level) => ({
      level,
      councils: units.filter((u) => u.level === level).length,
      reported: reported.find((r) => r.level === level)?.n ?? 0,
      values: new Map(totals.filter((t) => t.level === level).map((t) => [t.metric_code, Number(t.v)])),
    }));
    return { period: p.code, asOf: await this.statistics.asOf(), levels, directives };
  }
}
