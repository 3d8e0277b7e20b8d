import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { MetricsService, metricValues } from '@council/metrics';
import { Allow } from '@council/server';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';

import type { AnnualPlanEntity } from './annual-plan.entity.js';
import { AnnualPlanInput } from './dto/annual-plan.input.js';
import { AnnualPlanModel } from './models/annual-plan.model.js';
import { PlanningService } from './planning.service.js';

@Resolver(() => AnnualPlanModel)
export class AnnualPlanResolver {
  constructor(
    private readonly planning: PlanningService,
    private readonly metrics: MetricsService,
  ) {}

  private async model(p: AnnualPlanEntity): Promise<AnnualPlanModel> {
    const { targets, ...rest } = p;
    return { ...rest, targets: metricValues(targets, await this.metrics.byCode()) };
  }

  @Allow(Permission.WriteReports)
  @Mutation(() => AnnualPlanModel, { description: 'Đặt chỉ tiêu chương trình công tác năm / set a council’s annual targets' })
  async setAnnualPlan(@Ctx() ctx: RequestContext, @Args('input') input: AnnualPlanInput): Promise<AnnualPlanModel> {
    return this.model(await this.planning.setPlan(ctx, input));
  }

  @Allow(Permission.ReadReports)
  @Query(() => AnnualPlanModel, { nullable: true, description: 'Chỉ tiêu năm của một HĐND / a council’s annual targets' })
  async annualPlan(
    @Ctx() ctx: RequestContext,
    @Args('unitCode') unitCode: string,
    @Args('year', { type: () => Int }) year: number,
  ): Promise<AnnualPlanModel | null> {
    const plan = await this.planning.getPlan(ctx, unitCode, year);
    return plan ? this.model(plan) : null;
  }
}
