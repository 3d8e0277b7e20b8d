import { LIST_SIZES } from '@council/core';
import { MetricValueModel } from '@council/metrics';
import { ListSize } from '@council/server';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AnnualPlan', { description: 'Chương trình công tác năm / a council’s annual targets' })
export class AnnualPlanModel {
  @Field(() => ID)
  id: string;

  @Field()
  unitCode: string;

  @Field(() => Int)
  year: number;

  @ListSize(LIST_SIZES.metrics)
  @Field(() => [MetricValueModel])
  targets: MetricValueModel[];

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Int)
  revision: number;

  @Field()
  updatedBy: string;

  @Field()
  updatedAt: Date;
}
