import { CouncilLevel } from '@council/core';
import { Field, ObjectType } from '@nestjs/graphql';

import type { MetricEntity } from './metric.entity.js';

@ObjectType('Metric', { description: 'Chỉ tiêu thống kê / a counted activity' })
export class MetricModel {
  @Field({ description: 'sessions.thematic, resolutions.issued, …' })
  code: string;

  @Field({ description: 'Tên tiếng Việt' })
  nameVi: string;

  @Field({ description: 'English name' })
  nameEn: string;

  @Field({ description: 'sessions, resolutions, documents, questioning, supervision, voters, petitions, confidence, coordination' })
  group: string;

  @Field({ description: 'Đơn vị tính / counting word: "kỳ họp", "nghị quyết", …' })
  unitVi: string;

  @Field(() => [CouncilLevel], { description: 'Levels at which the activity applies' })
  levels: CouncilLevel[];

  @Field(() => String, { nullable: true, description: 'The metric this one is a part of (may not exceed it)' })
  partOf: string | null;

  static from(e: MetricEntity): MetricModel {
    return Object.assign(new MetricModel(), {
      code: e.code,
      nameVi: e.nameVi,
      nameEn: e.nameEn,
      group: e.group,
      unitVi: e.unitVi,
      levels: e.levels,
      partOf: e.partOf,
    });
  }
}
