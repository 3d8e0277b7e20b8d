import { Field, InputType, Int } from '@nestjs/graphql';

/** A figure as a client sends it: in a report, a plan. */
@InputType('MetricValueInput')
export class MetricValueInput {
  @Field({ description: 'Mã chỉ tiêu / metric code, e.g. "sessions.thematic"' })
  metric: string;

  @Field(() => Int)
  value: number;
}
