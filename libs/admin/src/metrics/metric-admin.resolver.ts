import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { MetricModel } from '@council/metrics';
import { Allow } from '@council/server';
import { Args, Mutation, Resolver } from '@nestjs/graphql';

import { AddMetricInput } from './metric-admin.input.js';
import { MetricAdminService } from './metric-admin.service.js';

@Resolver()
export class MetricAdminResolver {
  constructor(private readonly metrics: MetricAdminService) {}

  @Allow(Permission.ManageCatalogue)
  @Mutation(() => MetricModel, { description: 'Thêm chỉ tiêu vào danh mục / add a metric to the catalogue (administrators)' })
  async addMetric(@Ctx() ctx: RequestContext, @Args('input') input: AddMetricInput): Promise<MetricModel> {
    return MetricModel.from(await this.metrics.add(ctx, input));
  }
}
