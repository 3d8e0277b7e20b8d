import type { RequestContext } from '@council/auth';
import { type CalendarPeriod, compareFigures, CouncilLevel, hasStarted, parseCalendarPeriod, quarterEnd, quartersOf } from '@council/core';
import { DirectivesService } from '@council/directives';
import { MetricsService } from '@council/metrics';
import { type CompletenessData, StatisticsDimension, StatisticsService } from '@council/statistics';
import { Injectable } from '@nestjs/common';

import { BriefingsService } from '../briefings.service.js';
import { figureTableOf, MeetingsService } from '../meetings/meetings.service.js';
import { type BriefingWorkbookData, buildBriefingWorkbook, type DistrictFigures } from './briefing-workbook.builder.js';

const LEVELS = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The briefing's take-away: the live summary, the figures by district, who has
 * not reported and the directives, as an XLSX workbook (see
 * briefing-workbook.builder.ts for the sheets). Reads only what the briefing
 * screen and the statistics queries read.
 */
@Injectable()
export class BriefingWorkbookService {
  constructor(
    private readonly briefings: BriefingsService,
    private readonly metrics: MetricsService,
    private readonly statistics: StatisticsService,
    private readonly directives: DirectivesService,
    private readonly meetings: MeetingsService,
  ) {}

  /** The workbook of a period ("2024Q1" or "2024") as a file. */
  async workbook(ctx: RequestContext, period: string): Promise<{ filename: string; contentType: string; buffer: Buffer }> {
    const data = await this.collect(ctx, period);
    const buffer = Buffer.from(await buildBriefingWorkbook(data).xlsx.writeBuffer());
    return { filename: `giao-ban-${data.period.code}.xlsx`, contentType: XLSX_CONTENT_TYPE, buffer };
  }

  /** Everything the workbook shows, read for the caller's briefing (the city's, for city staff and viewers). */
  async collect(ctx: RequestContext, period: string): Promise<BriefingWorkbookData> {
    ctx.requireUser();
    const p = parseCalendarPeriod(period, 'period');
    const summary = await this.briefings.summary(ctx, p.code);
    const host = summary.hostCode;
    const now = new Date();
    const quarters = quartersOf(p);
    const begun = quarters.filter((q) => hasStarted(q, now));

    const [metrics, districts, completeness, directives, presented] = await Promise.all([
      this.metrics.list(),
      this.districtFigures(ctx, p, host),
      // Reports are filed per quarter, so completeness is per quarter (a year: each of its quarters that has begun).
      Promise.all(begun.flatMap((q) => LEVELS.map((level) => this.statistics.completeness(ctx, q.code, level, host)))) as Promise<
        CompletenessData[]
      >,
      this.hostDirectives(ctx, host, quarterEnd(quarters.at(-1)!)),
      this.meetings.presentedFor(host, p.code),
    ]);
    return {
      period: p,
      previous: parseCalendarPeriod(summary.previousPeriod, 'period'),
      summary,
      metrics: metrics.map((m) => ({ code: m.code, nameVi: m.nameVi, nameEn: m.nameEn, group: m.group })),
      districts,
      completeness,
      quartersNotStarted: quarters.filter((q) => !begun.includes(q)),
      directives,
      presented: presented
        ? {
            meetingStartsAt: presented.meeting.startsAt,
            frozenAt: presented.figures.frozenAt,
            comparison: compareFigures(presented.figures.figures, figureTableOf(summary)),
          }
        : null,
      exportedAt: now,
    };
  }

  /**
   * Per district: its own council's figures (level DISTRICT of its subtree)
   * and its commune councils' total (level WARD), from the rollups.
   */
  private async districtFigures(ctx: RequestContext, period: CalendarPeriod, host: string): Promise<Map<string, DistrictFigures>> {
    const { rows } = await this.statistics.statistics(ctx, {
      periods: [period.code],
      groupBy: [StatisticsDimension.UNIT, StatisticsDimension.LEVEL, StatisticsDimension.METRIC],
      scope: host,
      unitLevel: CouncilLevel.DISTRICT,
    });
    const out = new Map<string, DistrictFigures>();
    for (const r of rows) {
      if (!r.unit || !r.metricCode) continue;
      let figures = out.get(r.unit.code);
      if (!figures) out.set(r.unit.code, (figures = { own: new Map(), communes: new Map() }));
      if (r.level === CouncilLevel.DISTRICT) figures.own.set(r.metricCode, r.value);
      else if (r.level === CouncilLevel.WARD) figures.communes.set(r.metricCode, r.value);
    }
    return out;
  }

  /**
   * The host's own directives issued by the end of the period, as the summary counts them (city staff also see the
   * districts' in `list`), newest first, with their progress.
   */
  private async hostDirectives(ctx: RequestContext, host: string, issuedBefore: Date): Promise<BriefingWorkbookData['directives']> {
    const all = (await this.directives.list(ctx, {})).filter((d) => d.issuedByUnit === host && d.issuedAt < issuedBefore);
    const progress = await this.directives.progress(all);
    const none = { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 };
    return all.map((d) => ({
      title: d.title,
      reference: d.reference,
      issuedAt: d.issuedAt,
      dueDate: d.dueDate,
      progress: progress.get(d.id) ?? none,
    }));
  }
}
