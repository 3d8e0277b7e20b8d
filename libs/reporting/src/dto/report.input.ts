import { MetricValueInput } from '@council/metrics';
import { Field, InputType, registerEnumType } from '@nestjs/graphql';

@InputType('ReportInput')
export class ReportInput {
  @Field({ description: 'Mã GSO của đơn vị báo cáo / GSO code of the reporting council' })
  unitCode: string;

  @Field({ description: 'Quý báo cáo / the quarter, "2024Q1"' })
  period: string;

  @Field(() => [MetricValueInput])
  values: MetricValueInput[];

  @Field(() => String, { nullable: true, description: 'Kết quả nổi bật / highlights' })
  highlights?: string | null;

  @Field(() => String, { nullable: true, description: 'Hạn chế / shortcomings' })
  shortcomings?: string | null;

  @Field(() => String, { nullable: true, description: 'Kiến nghị, đề xuất / proposals' })
  proposals?: string | null;
}

export enum ReviewDecision {
  ACCEPT = 'ACCEPT',
  RETURN = 'RETURN',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision', description: 'Tiếp nhận hoặc trả lại báo cáo / accept or return a report' });
