import { DateScalar } from '@council/server';
import { Field, ID, InputType } from '@nestjs/graphql';

@InputType('IssueDirectiveInput')
export class IssueDirectiveInput {
  @Field({ description: 'Tiêu đề / title' })
  title: string;

  @Field({ description: 'Nội dung chỉ đạo / the directive text' })
  body: string;

  @Field(() => String, { nullable: true, description: 'Căn cứ, e.g. "Chỉ thị 24-CT/TU"' })
  reference?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Đơn vị thực hiện / target units; default: every district (for a district issuer: every commune with a council)',
  })
  targetUnitCodes?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Each target passes it on to its communes that have a council' })
  cascadeToWards?: boolean | null;

  @Field(() => DateScalar, { description: 'Hạn hoàn thành / due date (from the day of issue on)' })
  dueDate: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Ngày ban hành / the day it was issued, for a directive recorded after the fact (a paper one); default today, never later. Its targets are the units of that day',
  })
  issuedOn?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Hội nghị giao ban ra kết luận này (do đơn vị ban hành chủ trì) / the briefing meeting whose conclusion this is (hosted by the issuing unit)',
  })
  briefingMeetingId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Kết luận của hội nghị đó / the conclusion of that meeting this directive carries out (the meeting may then be omitted)',
  })
  briefingConclusionId?: string | null;
}
