import { CouncilLevel, StatisticsBasis } from '@council/core';
import { Field, InputType, registerEnumType } from '@nestjs/graphql';

export enum StatisticsDimension {
  LEVEL = 'LEVEL',
  UNIT = 'UNIT',
  PERIOD = 'PERIOD',
  METRIC = 'METRIC',
}
registerEnumType(StatisticsDimension, { name: 'StatisticsDimension', description: 'Chiều tổng hợp / what the rows are grouped by' });

registerEnumType(StatisticsBasis, {
  name: 'StatisticsBasis',
  description:
    'Cơ sở so sánh / what the rows of units are: AS_REPORTED the units as they stood in each period; CURRENT_UNITS today’s units, old periods re-based through whole (full) mergers only',
});

@InputType('StatisticsQuery')
export class StatisticsQueryInput {
  @Field(() => [String], {
    description:
      'Quarters ("2024Q1"), years ("2024") and/or council terms ("NK2021-2026": the quarters of the scope city council’s term, so far while it runs); they may not overlap',
  })
  periods: string[];

  @Field(() => [String], { nullable: true, description: 'Metric codes; default: all' })
  metrics?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The unit whose subtree is counted; default: the caller’s city. "VN": the whole country',
  })
  scope?: string | null;

  @Field(() => [StatisticsDimension])
  groupBy: StatisticsDimension[];

  @Field(() => CouncilLevel, {
    nullable: true,
    description: 'With UNIT: the level whose units form the rows (each row sums that unit’s subtree)',
  })
  unitLevel?: CouncilLevel | null;

  @Field(() => StatisticsBasis, {
    nullable: true,
    description:
      'Default AS_REPORTED. CURRENT_UNITS (with groupBy UNIT): each of today’s units gets the figures of the units that went whole into it; one that took part of another gets no number and a reason (notComparable)',
  })
  basis?: StatisticsBasis | null;
}
