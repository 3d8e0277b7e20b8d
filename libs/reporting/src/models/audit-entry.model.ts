import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditEntry', { description: 'Nhật ký thay đổi báo cáo / a change to a report' })
export class AuditEntryModel {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field()
  username: string;

  @Field({ description: 'SAVE_DRAFT, SUBMIT, ACCEPT, RETURN' })
  action: string;

  @Field()
  unitCode: string;

  @Field()
  period: string;

  @Field(() => ID)
  reportId: string;

  @Field(() => Int, { nullable: true })
  version: number | null;

  @Field({ description: 'What changed, as JSON text (figures before/after, narrative fields, status, comment)' })
  changes: string;
}

@ObjectType('AdminAuditEntry', { description: 'Nhật ký quản trị / an administrator’s change (users, metrics, deadlines)' })
export class AdminAuditEntryModel {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field({ description: 'Who made the change' })
  username: string;

  @Field({
    description: 'USER_CREATE, USER_UPDATE, USER_DISABLE, USER_ENABLE, USER_PASSWORD_RESET, USER_SESSIONS_REVOKE, METRIC_ADD, DEADLINE_SET',
  })
  action: string;

  @Field({ description: 'user:<name>, metric:<code>, period:<quarter>' })
  subject: string;

  @Field(() => String, { nullable: true })
  unitCode: string | null;

  @Field({ description: 'Before and after, as JSON text (never a password)' })
  changes: string;
}
