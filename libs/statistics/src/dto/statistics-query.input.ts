import { CouncilLevel } from '@council/core';
import { Field, InputType, registerEnumType } from '@nestjs/graphql';

export enum StatisticsDimension {
  LEVEL = 'LEVEL',
  UNIT = 'UNIT',
  PERIOD = 'PERIOD',
  METRIC = 'METRIC',
}
registerEnumType(StatisticsDimension, { name: 'StatisticsDimension', description: 'Chiều tổng hợp / what the rows are grouped by' });

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
}
