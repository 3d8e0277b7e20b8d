import { MetricValueInput } from '@council/metrics';
import { Field, InputType, Int } from '@nestjs/graphql';

@InputType('AnnualPlanInput')
export class AnnualPlanInput {
  @Field({ description: 'Mã GSO của HĐND / GSO code of the council' })
  unitCode: string;

  @Field(() => Int, { description: 'Năm / the year, e.g. 2024' })
  year: number;

  @Field(() => [MetricValueInput], { description: 'Chỉ tiêu kế hoạch / targets per metric' })
  targets: MetricValueInput[];

  @Field(() => String, { nullable: true, description: 'Ghi chú / note, e.g. the programme’s resolution number' })
  note?: string | null;
}
