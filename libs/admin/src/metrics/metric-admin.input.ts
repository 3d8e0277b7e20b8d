import { CouncilLevel } from '@council/core';
import { Field, InputType } from '@nestjs/graphql';

@InputType('AddMetricInput')
export class AddMetricInput {
  @Field({ description: 'Lower-case segments joined by dots, unique: "supervisions.followup"' })
  code: string;

  @Field()
  nameVi: string;

  @Field()
  nameEn: string;

  @Field({ description: 'One of the catalogue’s groups: sessions, resolutions, documents, questioning, supervision, voters, …' })
  group: string;

  @Field({ description: 'Đơn vị tính / the counting word: "cuộc", "văn bản"' })
  unitVi: string;

  @Field(() => [CouncilLevel], { nullable: true, description: 'Levels whose councils report it (default: all); elsewhere only 0' })
  levels?: CouncilLevel[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The metric this one is a part of: its value may not exceed that one’s (PART_EXCEEDS_WHOLE)',
  })
  partOf?: string | null;
}
