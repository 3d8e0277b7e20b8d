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
