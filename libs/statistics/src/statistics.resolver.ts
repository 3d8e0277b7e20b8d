import { Ctx, type RequestContext } from '@council/auth';
import { CouncilLevel, LIST_SIZES, parseQuarter, Permission, quarterStartDay, unitsEstimate, vietnamDate } from '@council/core';
import { CouncilUnitModel } from '@council/hierarchy';
import { MetricModel, MetricsService } from '@council/metrics';
import { Allow, ListSize } from '@council/server';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';

import { StatisticsQueryInput } from './dto/statistics-query.input.js';
import { PlanVsActualRowModel } from './models/plan-vs-actual.model.js';
import { CompletenessModel, StatisticsResultModel, StatisticsRowModel } from './models/statistics.model.js';
import { StatisticsService } from './statistics.service.js';

@Resolver(() => StatisticsRowModel)
export class StatisticsResolver {
  constructor(
    private readonly figures: StatisticsService,
    private readonly metrics: MetricsService,
  ) {}

  @Allow(Permission.ReadStatistics)
  @Query(() => StatisticsResultModel, {
    description: 'Tổng hợp số liệu theo cấp, đơn vị, kỳ, chỉ tiêu / totals by level, unit, period and metric',
  })
  async statistics(@Ctx() ctx: RequestContext, @Args('query') query: StatisticsQueryInput): Promise<StatisticsResultModel> {
    const { rows, notComparable, asOf } = await this.figures.statistics(ctx, query);
    const catalogue = await this.metrics.byCode();
    const unitDate = vietnamDate(new Date());
    return {
      asOf,
      notComparable: notComparable.map((n) => ({
        unit: CouncilUnitModel.from(n.unit, n.unitAsOf),
        period: n.period,
        reason: n.reason.vi,
        reasonEn: n.reason.en,
      })),
      rows: rows.map((r) => ({
        level: r.level,
        unit: r.unit ? CouncilUnitModel.from(r.unit, r.unitAsOf ?? unitDate) : null,
        period: r.period,
        metric: r.metricCode && catalogue.get(r.metricCode) ? MetricModel.from(catalogue.get(r.metricCode)!) : null,
        value: r.value,
      })),
    };
  }

  @Allow(Permission.ReadStatistics, Permission.ReadDistrictCompleteness)
  @Query(() => CompletenessModel, {
    description:
      'Ai đã / chưa gửi báo cáo quý; cán bộ cấp huyện: các xã của huyện mình (cấp WARD) / who has and has not reported a quarter; district staff: their own district’s communes (level WARD, scope their district, the default)',
  })
  async completeness(
    @Ctx() ctx: RequestContext,
    @Args('period') period: string,
    @Args('level', { type: () => CouncilLevel }) level: CouncilLevel,
    @Args('scope', { nullable: true }) scope?: string,
  ): Promise<CompletenessModel> {
    const data = await this.figures.completeness(ctx, period, level, scope);
    const unitDate = quarterStartDay(parseQuarter(data.period));
    return { ...data, missing: data.missing.map((u) => CouncilUnitModel.from(u, unitDate)) };
  }

  @Allow(Permission.ReadStatistics)
  @ListSize(
    ({ args }) =>
      unitsEstimate(args.unitLevel as CouncilLevel | undefined, args.scope as string | undefined) *
      ((args.metrics as string[] | undefined)?.length || LIST_SIZES.metrics),
    'unitLevel',
    'scope',
    'metrics',
  )
  @Query(() => [PlanVsActualRowModel], {
    description: 'Kế hoạch và thực hiện theo năm / annual targets beside the year’s actual, per council',
  })
  async planVsActual(
    @Ctx() ctx: RequestContext,
    @Args('year', { type: () => Int }) year: number,
    @Args('scope', { nullable: true }) scope?: string,
    @Args('unitLevel', { type: () => CouncilLevel, nullable: true }) unitLevel?: CouncilLevel,
    @Args('metrics', { type: () => [String], nullable: true }) metrics?: string[],
  ): Promise<PlanVsActualRowModel[]> {
    const rows = await this.figures.planVsActual(ctx, year, scope, unitLevel, metrics);
    const catalogue = await this.metrics.byCode();
    const unitDate = vietnamDate(new Date());
    return rows.map((r) => ({
      ...r,
      unit: CouncilUnitModel.from(r.unit, unitDate),
      metric: MetricModel.from(catalogue.get(r.metricCode)!),
    }));
  }
}
