import { CouncilUnitModel } from '@council/hierarchy';
import { MetricModel } from '@council/metrics';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('PlanVsActualRow', { description: 'Chỉ tiêu kế hoạch và kết quả thực hiện / a target beside the year’s actual' })
export class PlanVsActualRowModel {
  @Field(() => CouncilUnitModel)
  unit: CouncilUnitModel;

  @Field(() => MetricModel)
  metric: MetricModel;

  @Field(() => Int, { description: 'Kế hoạch / target' })
  target: number;

  @Field(() => Int, { description: 'Thực hiện / the council’s own figures for the year so far' })
  actual: number;

  @Field(() => Float, { nullable: true, description: 'actual / target × 100; null when the target is 0' })
  percent: number | null;
}
