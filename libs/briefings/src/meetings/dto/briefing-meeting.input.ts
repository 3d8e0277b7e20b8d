import { Field, InputType } from '@nestjs/graphql';

@InputType('AgendaItemInput')
export class AgendaItemInput {
  @Field({ description: 'Nội dung / what is presented or discussed' })
  title: string;

  @Field(() => String, {
    nullable: true,
    description: 'Đơn vị trình bày (đơn vị chủ trì hoặc một đơn vị tham dự) / the presenting unit: the host or a participant',
  })
  presenterUnitCode?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType('CreateBriefingMeetingInput')
export class CreateBriefingMeetingInput {
  @Field({ description: 'Kỳ giao ban / the period briefed: "2024Q1" or "2024"' })
  period: string;

  @Field(() => String, { nullable: true, description: 'Đơn vị chủ trì / the host; default: the caller’s unit' })
  hostUnitCode?: string | null;

  @Field()
  title: string;

  @Field({ description: 'Thời gian bắt đầu / when it starts' })
  startsAt: Date;

  @Field(() => String, { nullable: true, description: 'Địa điểm (điểm cầu chính) / where the host’s hall is' })
  location?: string | null;

  @Field(() => [AgendaItemInput], { nullable: true, description: 'Chương trình, theo thứ tự / the agenda, in order' })
  agenda?: AgendaItemInput[] | null;
}
