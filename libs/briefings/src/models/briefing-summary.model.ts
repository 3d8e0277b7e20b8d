import { CouncilLevel, LIST_SIZES } from '@council/core';
import { DirectiveProgressModel } from '@council/directives';
import { CouncilUnitModel } from '@council/hierarchy';
import { MetricModel } from '@council/metrics';
import { MetricValueModel } from '@council/metrics';
import { DateScalar, ListSize } from '@council/server';
import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MetricChange', { description: 'Một chỉ tiêu so với kỳ trước / a metric against the previous period' })
export class MetricChangeModel {
  @Field(() => MetricModel)
  metric: MetricModel;

  @Field(() => Int, { description: 'Kỳ này / this period' })
  value: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Kỳ trước / the previous period (quarter before, or year before); null when no council of the level reported then: nothing to compare with',
  })
  previous: number | null;

  @Field(() => Int, { nullable: true, description: 'Tăng (+) hoặc giảm (−) / value − previous; null when previous is' })
  change: number | null;
}

@ObjectType('LevelSummary', { description: 'Tổng hợp một cấp HĐND / one level of councils' })
export class LevelSummaryModel {
  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field(() => Int, { description: 'Số HĐND của cấp này trong kỳ / councils of this level in the period' })
  councils: number;

  @Field(() => Int, { description: 'Số HĐND đã gửi báo cáo / councils whose report counts' })
  reported: number;

  @Field(() => Int, { description: 'Trong đó gửi muộn / of those, filed after the due date (quarters only)' })
  late: number;

  @ListSize(LIST_SIZES.metrics)
  @Field(() => [MetricValueModel], { description: 'Every metric of the catalogue, 0 where nothing was reported' })
  values: MetricValueModel[];

  @ListSize(LIST_SIZES.metrics)
  @Field(() => [MetricChangeModel], { description: 'So với kỳ trước / every metric against the previous period' })
  changes: MetricChangeModel[];
}

@ObjectType('BriefingUnitRow', {
  description: 'Một đơn vị trực thuộc trên màn hình giao ban / one participating unit (a district for the city’s briefing)',
})
export class BriefingUnitRowModel {
  @Field(() => CouncilUnitModel)
  unit: CouncilUnitModel;

  @Field({ description: 'HĐND của đơn vị đã gửi báo cáo / the unit’s own council has reported (false when it has no council)' })
  reported: boolean;

  @Field({ description: 'Báo cáo gửi muộn / its report came after the due date' })
  late: boolean;

  @Field(() => Int, { description: 'Số HĐND cấp xã trực thuộc / councils under it (communes with a council)' })
  councilsBelow: number;

  @Field(() => Int, { description: 'Số HĐND cấp xã đã báo cáo / of those, how many have reported' })
  reportedBelow: number;

  @Field(() => Int, { description: 'Nhiệm vụ chưa hoàn thành / open assignments of the unit and the councils under it' })
  openAssignments: number;

  @Field(() => Int, { description: 'Nhiệm vụ quá hạn / overdue assignments of the unit and the councils under it' })
  overdueAssignments: number;
}

@ObjectType('EndedLevel', {
  description: 'Một cấp HĐND có ở kỳ trước, không còn ở kỳ này / a council level of the previous period this one has not',
})
export class EndedLevelModel {
  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field(() => Int, { description: 'Số HĐND của cấp này ở kỳ trước / its councils in the previous period' })
  councils: number;

  @Field(() => DateScalar, { description: 'Không còn từ ngày / gone from this day (the period’s first)' })
  endedOn: string;
}

@ObjectType('BriefingSummary', { description: 'Số liệu cho hội nghị giao ban / the live summary for a briefing' })
export class BriefingSummaryModel {
  @Field()
  period: string;

  @Field({ description: 'Số liệu tính đến / as of' })
  asOf: Date;

  @ListSize(LIST_SIZES.levels)
  @Field(() => [LevelSummaryModel])
  levels: LevelSummaryModel[];

  @ListSize(LIST_SIZES.levels)
  @Field(() => [EndedLevelModel], {
    description:
      'Các cấp không còn trong kỳ này, không so sánh / levels the previous period had and this one has not (the districts from Q3/2025): not compared',
  })
  endedLevels: EndedLevelModel[];

  @Field(() => DirectiveProgressModel, { description: 'Tiến độ các chỉ đạo của thành phố / progress of the city’s directives' })
  directives: DirectiveProgressModel;

  @Field({ description: 'Kỳ so sánh / the period the changes compare with' })
  previousPeriod: string;

  @Field(() => CouncilUnitModel, { description: 'Đơn vị chủ trì / whose briefing this is (the city)' })
  host: CouncilUnitModel;

  @ListSize(LIST_SIZES.children)
  @Field(() => [BriefingUnitRowModel], { description: 'Tình hình báo cáo theo đơn vị trực thuộc / reporting by participating unit' })
  units: BriefingUnitRowModel[];

  @Field({ description: 'Thời điểm tổng hợp / when this summary was computed' })
  computedAt: Date;

  /** The host's code, for field resolvers (meetings) that hang off the summary. */
  hostCode: string;
}
