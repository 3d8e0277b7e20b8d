import { CouncilLevel, type FigureComparison, LIST_SIZES } from '@council/core';
import { type MetricEntity, MetricModel } from '@council/metrics';
import { ListSize } from '@council/server';
import { Field, Int, ObjectType } from '@nestjs/graphql';

import { BriefingMeetingModel } from './briefing-meeting.model.js';

@ObjectType('FigureDifference', {
  description: 'Một chỉ tiêu: số liệu tại hội nghị và số liệu hiện nay / one metric as presented and as it is now',
})
export class FigureDifferenceModel {
  @Field(() => MetricModel)
  metric: MetricModel;

  @Field(() => Int, { nullable: true, description: 'Số liệu tại hội nghị / as presented (null: the metric was not in the catalogue then)' })
  presented: number | null;

  @Field(() => Int, { nullable: true, description: 'Số liệu hiện nay / now' })
  current: number | null;

  @Field(() => Int, { description: 'Chênh lệch / current − presented' })
  delta: number;

  @Field({ description: 'Khác với số liệu tại hội nghị / differs from what was presented' })
  changed: boolean;
}

@ObjectType('PresentedLevel', { description: 'Một cấp HĐND: tại hội nghị và hiện nay / one level then and now' })
export class PresentedLevelModel {
  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field(() => Int, { nullable: true, description: 'Số HĐND đã báo cáo tại hội nghị / councils reported, as presented' })
  reportedPresented: number | null;

  @Field(() => Int, { nullable: true, description: 'Số HĐND đã báo cáo hiện nay / councils reported now' })
  reportedCurrent: number | null;

  @ListSize(LIST_SIZES.metrics)
  @Field(() => [FigureDifferenceModel])
  cells: FigureDifferenceModel[];
}

@ObjectType('PresentedFigures', {
  description:
    'Số liệu tại hội nghị (chốt khi hội nghị được đánh dấu đã họp) bên cạnh số liệu hiện nay / the figures the meeting showed, frozen when it was marked held, beside the live ones',
})
export class PresentedFiguresModel {
  @Field(() => BriefingMeetingModel)
  meeting: BriefingMeetingModel;

  @Field({ description: 'Thời điểm số liệu được tổng hợp / when the presented summary was computed' })
  computedAt: Date;

  @Field({ description: 'Thời điểm chốt / when it was frozen' })
  frozenAt: Date;

  @Field(() => Int, { description: 'Số ô đã thay đổi / cells that differ (reported counts included)' })
  changed: number;

  @ListSize(LIST_SIZES.levels)
  @Field(() => [PresentedLevelModel])
  levels: PresentedLevelModel[];

  static cellsOf(comparison: FigureComparison, catalogue: ReadonlyMap<string, MetricEntity>): PresentedLevelModel[] {
    return comparison.levels.map((l) => ({
      level: l.level as CouncilLevel,
      reportedPresented: l.reported.presented,
      reportedCurrent: l.reported.current,
      cells: l.cells.flatMap((c) => {
        const entity = catalogue.get(c.metric);
        return entity
          ? [{ metric: MetricModel.from(entity), presented: c.presented, current: c.current, delta: c.delta, changed: c.changed }]
          : [];
      }),
    }));
  }
}
