import { LIST_SIZES } from '@council/core';
import { DirectiveModel, DirectiveProgressModel } from '@council/directives';
import { ListSize } from '@council/server';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

import { AttendanceStatus } from '../attendance-status.js';
import type { AgendaItemEntity, BriefingConclusionEntity, BriefingMeetingEntity, ConnectionPointEntity } from '../meeting.entities.js';

registerEnumType(AttendanceStatus, {
  name: 'AttendanceStatus',
  description: 'EXPECTED (chưa điểm danh / not yet marked), PRESENT (có mặt), ABSENT (vắng)',
});

@ObjectType('BriefingMeeting', {
  description: 'Hội nghị giao ban / a briefing meeting (the host with its participating units’ connection points)',
})
export class BriefingMeetingModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Kỳ giao ban / the period briefed: "2024Q1" or "2024"' })
  period: string;

  @Field()
  title: string;

  @Field({ description: 'Thời gian bắt đầu / when it starts' })
  startsAt: Date;

  @Field(() => String, { nullable: true, description: 'Địa điểm (điểm cầu chính) / where the host’s hall is' })
  location: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Đã họp lúc / when it was marked held (its figures frozen then)' })
  heldAt: Date | null;

  /** For the field resolvers: `host`, the units as of the period, the scope checks. */
  hostUnitCode: string;
  rootCode: string;
  /** The date units are taken at: the period's first day. */
  unitsAsOf: string;

  static from(m: BriefingMeetingEntity, unitsAsOf: string): BriefingMeetingModel {
    return Object.assign(new BriefingMeetingModel(), {
      id: m.id,
      period: m.period,
      title: m.title,
      startsAt: m.startsAt,
      location: m.location,
      createdAt: m.createdAt,
      heldAt: m.heldAt,
      hostUnitCode: m.hostUnitCode,
      rootCode: m.rootCode,
      unitsAsOf,
    });
  }
}

@ObjectType('AttendanceCount', { description: 'Điểm danh các điểm cầu / connection points by attendance' })
export class AttendanceCountModel {
  @Field(() => Int, { description: 'Chưa điểm danh / not yet marked' })
  expected: number;

  @Field(() => Int, { description: 'Có mặt / present' })
  present: number;

  @Field(() => Int, { description: 'Vắng / absent' })
  absent: number;
}

@ObjectType('ConnectionPoint', { description: 'Điểm cầu của một đơn vị tham dự / one participating unit’s connection point' })
export class ConnectionPointModel {
  @Field(() => String, { nullable: true, description: 'Địa điểm điểm cầu / where it is' })
  location: string | null;

  @Field(() => AttendanceStatus)
  status: AttendanceStatus;

  @Field(() => Int, { nullable: true, description: 'Số người dự / people attending there' })
  attendees: number | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  updatedAt: Date;

  /** For the `unit` field resolver. */
  meetingId: string;
  unitCode: string;
  unitsAsOf: string;

  static from(p: ConnectionPointEntity, unitsAsOf: string): ConnectionPointModel {
    return Object.assign(new ConnectionPointModel(), {
      location: p.location,
      status: p.status as AttendanceStatus,
      attendees: p.attendees,
      note: p.note,
      updatedAt: p.updatedAt,
      meetingId: p.meetingId,
      unitCode: p.unitCode,
      unitsAsOf,
    });
  }
}

@ObjectType('AgendaItem', { description: 'Một nội dung trong chương trình hội nghị / one item of the agenda' })
export class AgendaItemModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1, 2, 3… theo thứ tự chương trình / its place in the agenda' })
  position: number;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  /** For the `presenter` field resolver. */
  presenterUnitCode: string | null;
  unitsAsOf: string;

  static from(a: AgendaItemEntity, unitsAsOf: string): AgendaItemModel {
    return Object.assign(new AgendaItemModel(), {
      id: a.id,
      position: a.position,
      title: a.title,
      note: a.note,
      presenterUnitCode: a.presenterUnitCode,
      unitsAsOf,
    });
  }
}

@ObjectType('BriefingConclusion', {
  description: 'Kết luận của hội nghị / a conclusion of the meeting (issued as directives through issueDirective)',
})
export class BriefingConclusionModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  position: number;

  @Field()
  text: string;

  @Field()
  createdAt: Date;

  meetingId: string;

  static from(c: BriefingConclusionEntity): BriefingConclusionModel {
    return Object.assign(new BriefingConclusionModel(), {
      id: c.id,
      position: c.position,
      text: c.text,
      createdAt: c.createdAt,
      meetingId: c.meetingId,
    });
  }
}

@ObjectType('PreviousBriefing', {
  description:
    'Hội nghị giao ban kỳ trước và kết quả thực hiện kết luận / the last briefing of an earlier period and what its directives achieved',
})
export class PreviousBriefingModel {
  @Field(() => BriefingMeetingModel)
  meeting: BriefingMeetingModel;

  @ListSize(LIST_SIZES.meetingItems)
  @Field(() => [DirectiveModel], { description: 'Các chỉ đạo ban hành theo hội nghị đó / the directives issued with that meeting' })
  directives: DirectiveModel[];

  @Field(() => DirectiveProgressModel, { description: 'Tổng tiến độ các chỉ đạo đó / their assignments, summed' })
  progress: DirectiveProgressModel;

  @Field(() => Int, { description: 'Số chỉ đạo đã hoàn thành toàn bộ / directives every assignment of which is completed' })
  completedDirectives: number;

  @Field(() => Int, { description: 'Số chỉ đạo có nhiệm vụ quá hạn / directives with an overdue assignment' })
  overdueDirectives: number;
}
