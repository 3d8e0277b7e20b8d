import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CouncilLevel } from '@council/core';
import { DirectiveProgressModel } from '@council/directives';
import { MetricValueModel } from '@council/reporting';

@ObjectType('LevelSummary', { description: 'Tổng hợp một cấp HĐND / one level of councils' })
export class LevelSummaryModel {
  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field(() => Int, { description: 'Số HĐND của cấp này trong kỳ / councils of this level in the period' })
  councils: number;

  @Field(() => Int, { description: 'Số HĐND đã gửi báo cáo / councils whose report counts' })
  reported: number;

  @Field(() => [MetricValueModel], { description: 'Every metric of the catalogue, 0 where nothing was reported' })
  values: MetricValueModel[];
}

@ObjectType('BriefingSummary', { description: 'Số liệu cho hội nghị giao ban / the live summary for a briefing' })
export class BriefingSummaryModel {
  @Field()
  period: string;

  @Field({ description: 'Số liệu tính đến / as of' })
  asOf: Date;

  @Field(() => [LevelSummaryModel])
  levels: LevelSummaryModel[];

  @Field(() => DirectiveProgressModel, { description: 'Tiến độ các chỉ đạo của thành phố / progress of the city’s directives' })
  directives: DirectiveProgressModel;
}
