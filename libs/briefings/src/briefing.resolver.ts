import { Args, Query, Resolver } from '@nestjs/graphql';
import { Permission } from '@council/core';
import { Ctx, type RequestContext } from '@council/auth';
import { MetricModel, MetricsService } from '@council/metrics';
import { Allow } from '@council/server';
import { BriefingsService } from './briefings.service.js';
import { BriefingSummaryModel } from './models/briefing-summary.model.js';

@Resolver(() => BriefingSummaryModel)
export class BriefingResolver {
  constructor(
    private readonly briefings: BriefingsService,
    private readonly metrics: MetricsService,
  ) {}

  @Allow(Permission.ReadSummaries)
  @Query(() => BriefingSummaryModel, { description: 'Số liệu giao ban của một kỳ / the briefing summary of a period (quarter or year)' })
  async briefingSummary(@Ctx() ctx: RequestContext, @Args('period') period: string): Promise<BriefingSummaryModel> {
    const data = await this.briefings.summary(ctx, period);
    const catalogue = await this.metrics.list();
    return {
      ...data,
      levels: data.levels.map((l) => ({ ...l, values: catalogue.map((m) => ({ metric: MetricModel.from(m), value: l.values.get(m.code) ?? 0 })) })),
    };
  }
}
