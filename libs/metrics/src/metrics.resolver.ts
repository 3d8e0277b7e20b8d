import { LIST_SIZES, Permission } from '@council/core';
import { Allow, ListSize } from '@council/server';
import { Query, Resolver } from '@nestjs/graphql';

import { MetricModel } from './metric.model.js';
import { MetricsService } from './metrics.service.js';

@Resolver(() => MetricModel)
export class MetricsResolver {
  constructor(private readonly catalogue: MetricsService) {}

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.metrics)
  @Query(() => [MetricModel], { description: 'Danh mục chỉ tiêu / the metric catalogue' })
  async metrics(): Promise<MetricModel[]> {
    return (await this.catalogue.list()).map(MetricModel.from);
  }
}
