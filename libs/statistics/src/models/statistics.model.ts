import { CouncilLevel, unitsEstimate } from '@council/core';
import { CouncilUnitModel } from '@council/hierarchy';
import { MetricModel } from '@council/metrics';
import { ListSize } from '@council/server';
import { Field, Int, ObjectType } from '@nestjs/graphql';

import type { StatisticsQueryInput } from '../dto/statistics-query.input.js';
import { notComparableRows, statisticsRows } from '../statistics-cost.js';

@ObjectType('StatisticsRow')
export class StatisticsRowModel {
  @Field(() => CouncilLevel, { nullable: true })
  level: CouncilLevel | null;

  @Field(() => CouncilUnitModel, { nullable: true })
  unit: CouncilUnitModel | null;

  @Field(() => String, { nullable: true })
  period: string | null;

  @Field(() => MetricModel, { nullable: true })
  metric: MetricModel | null;

  @Field(() => Int)
  value: number;
}

@ObjectType('NotComparableUnit', { description: 'Đơn vị không quy đổi được / a unit the CURRENT_UNITS basis gives no number, and why' })
export class NotComparableUnitModel {
  @Field(() => CouncilUnitModel)
  unit: CouncilUnitModel;

  @Field({ description: 'The period asked for which it has no number' })
  period: string;

  @Field({ description: '“không so sánh được: …”' })
  reason: string;

  @Field()
  reasonEn: string;
}

@ObjectType('StatisticsResult')
export class StatisticsResultModel {
  @ListSize(
    ({ parent }) => statisticsRows(parent?.args.query as StatisticsQueryInput | undefined),
    'query.periods',
    'query.metrics',
    'query.groupBy',
    'query.unitLevel',
    'query.scope',
  )
  @Field(() => [StatisticsRowModel])
  rows: StatisticsRowModel[];

  @ListSize(
    ({ parent }) => notComparableRows(parent?.args.query as StatisticsQueryInput | undefined),
    'query.periods',
    'query.unitLevel',
    'query.scope',
  )
  @Field(() => [NotComparableUnitModel], {
    description: 'With CURRENT_UNITS: the units left out of the rows, each with the reason; empty otherwise',
  })
  notComparable: NotComparableUnitModel[];

  @Field({ description: 'Số liệu tính đến / the figures include every change applied up to this time' })
  asOf: Date;
}

@ObjectType('Completeness', { description: 'Tình hình gửi báo cáo / who has reported' })
export class CompletenessModel {
  @Field()
  period: string;

  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field(() => Int, { description: 'Councils expected to report (only units that have a council in the period)' })
  expected: number;

  @Field(() => Int)
  submitted: number;

  @Field(() => Int)
  onTime: number;

  @Field(() => Int)
  late: number;

  @ListSize(({ parent }) => unitsEstimate(parent?.args.level as CouncilLevel, parent?.args.scope as string | undefined), 'level', 'scope')
  @Field(() => [CouncilUnitModel], { description: 'Chưa gửi báo cáo / not reported (a returned report counts as not reported)' })
  missing: CouncilUnitModel[];

  @Field({ description: 'Số liệu tính đến / as of' })
  asOf: Date;
}
