import { AssignmentStatus, isOverdue } from '@council/core';
import { DateScalar } from '@council/server';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

registerEnumType(AssignmentStatus, {
  name: 'AssignmentStatus',
  description: 'PENDING (chưa tiếp nhận), ACKNOWLEDGED (đã tiếp nhận), IN_PROGRESS (đang thực hiện), COMPLETED (đã hoàn thành)',
});

@ObjectType('DirectiveProgress', { description: 'Tiến độ thực hiện / how far the assignments have got' })
export class DirectiveProgressModel {
  @Field(() => Int)
  total: number;
  @Field(() => Int)
  pending: number;
  @Field(() => Int)
  acknowledged: number;
  @Field(() => Int)
  inProgress: number;
  @Field(() => Int)
  completed: number;
  @Field(() => Int, { description: 'Quá hạn / past the due date and not completed' })
  overdue: number;
}

@ObjectType('AssignmentHistoryEntry', { description: 'Một bước thực hiện / one step of an assignment' })
export class AssignmentHistoryModel {
  @Field()
  at: Date;
  @Field()
  username: string;
  @Field(() => AssignmentStatus, { nullable: true })
  fromStatus: AssignmentStatus | null;
  @Field(() => AssignmentStatus)
  toStatus: AssignmentStatus;
  @Field(() => Int)
  progressPercent: number;
  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType('DirectiveAssignment', { description: 'Nhiệm vụ của một đơn vị theo một chỉ đạo / one unit’s part in a directive' })
export class DirectiveAssignmentModel {
  @Field(() => ID)
  id: string;

  @Field(() => AssignmentStatus)
  status: AssignmentStatus;

  @Field()
  overdue: boolean;

  @Field(() => Int)
  progressPercent: number;

  @Field(() => String, { nullable: true })
  lastNote: string | null;

  @Field()
  updatedAt: Date;

  @Field(() => DateScalar)
  dueDate: string;

  @Field(() => ID)
  directiveId: string;

  @Field(() => ID, { nullable: true, description: 'The district assignment this one was passed down from' })
  parentId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Lý do hoàn thành khi cấp xã chưa xong / why it was completed while communes were not',
  })
  completionReason?: string | null;

  /** For the field resolvers. */
  unitCode: string;

  static from(
    a: {
      status: string;
      dueDate: string;
      progressPercent: number;
      lastNote: string | null;
      updatedAt: Date;
      directiveId: string;
      parentId: string | null;
      unitCode: string;
      completionReason?: string | null;
    },
    id: string,
    today: string,
  ): DirectiveAssignmentModel {
    return Object.assign(new DirectiveAssignmentModel(), {
      id,
      status: a.status as AssignmentStatus,
      overdue: isOverdue(a.status, a.dueDate, today),
      progressPercent: a.progressPercent,
      lastNote: a.lastNote,
      updatedAt: new Date(a.updatedAt),
      dueDate: a.dueDate,
      directiveId: a.directiveId,
      parentId: a.parentId,
      completionReason: a.completionReason ?? null,
      unitCode: a.unitCode,
    });
  }
}

/** What every view of a directive shows. */
@ObjectType({ isAbstract: true })
export abstract class DirectiveTextModel {
  @Field(() => ID)
  id: string;
  @Field()
  title: string;
  // Each view declares its own `body` field: city-api's Directive resolves it for those who direct only.
  body: string;
  @Field(() => String, { nullable: true })
  reference: string | null;
  @Field()
  issuedAt: Date;
  @Field(() => DateScalar)
  dueDate: string;
}

@ObjectType('AssignedDirective', { description: 'Chỉ đạo mà nhiệm vụ thuộc về / the directive an assignment belongs to' })
export class AssignedDirectiveModel extends DirectiveTextModel {
  @Field({ description: 'GSO code of the issuing council' })
  issuedByUnit: string;
  @Field({ description: 'Nội dung chỉ đạo / the directive text' })
  declare body: string;
}

@ObjectType('DistrictOverdue', {
  description:
    'Nhiệm vụ chưa xong và quá hạn của một quận, huyện (kể cả cấp xã) / open and overdue assignments of a district and its communes',
})
export class DistrictOverdueModel {
  @Field()
  districtCode: string;
  @Field(() => Int)
  open: number;
  @Field(() => Int)
  overdue: number;
}

@ObjectType('Directive', { description: 'Chỉ đạo, kết luận / a directive' })
export class DirectiveModel extends DirectiveTextModel {
  @Field(() => [String], { description: 'The units it was addressed to' })
  targetUnitCodes: string[];
  @Field()
  cascadeToWards: boolean;
  @Field(() => ID, { nullable: true })
  briefingMeetingId: string | null;

  /** For the field resolvers. */
  issuedByUnit: string;
  expectedAssignments: number;
}
