import { Field, Int, ObjectType } from '@nestjs/graphql';

import type { MetricEntity } from './metric.entity.js';
import { MetricModel } from './metric.model.js';

/** A figure as stored: the metric's code and its count (reports, plans and the city's facts alike). */
export interface StoredValue {
  metric: string;
  value: number;
}

@ObjectType('MetricValue')
export class MetricValueModel {
  @Field(() => MetricModel)
  metric: MetricModel;

  @Field(() => Int)
  value: number;
}

/** One model per catalogue entry (the catalogue is cached, and a reloaded one brings new entries). */
const metricModels = new WeakMap<MetricEntity, MetricModel>();

/** Figures in the order given, each with its catalogue entry (from the in-memory catalogue: no query per value). */
export function metricValues(values: readonly StoredValue[], catalogue: ReadonlyMap<string, MetricEntity>): MetricValueModel[] {
  const out: MetricValueModel[] = [];
  for (const v of values) {
    const entity = catalogue.get(v.metric);
    if (!entity) continue;
    let metric = metricModels.get(entity);
    if (!metric) metricModels.set(entity, (metric = MetricModel.from(entity)));
    out.push({ metric, value: v.value });
  }
  return out;
}
