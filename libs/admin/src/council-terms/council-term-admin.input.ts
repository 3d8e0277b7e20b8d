import { DateScalar } from '@council/server';
import { Field, InputType, Int } from '@nestjs/graphql';

@InputType('SetCouncilTermInput')
export class SetCouncilTermInput {
  @Field({ description: 'Mã đơn vị / the unit’s code, on validFrom' })
  unitCode: string;

  @Field({ description: 'Mã nhiệm kỳ / the term ("NK2026-2031"); a term already recorded for the unit is replaced' })
  termCode: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Khóa (17 = khóa XVII), từ 1; trống: chưa rõ / the term number, from 1; null: not known',
  })
  number?: number | null;

  @Field(() => DateScalar, { description: 'Từ ngày / from (inclusive; the election day)' })
  validFrom: string;

  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày (không kể); trống: đang diễn ra / until (exclusive); null: running' })
  validTo?: string | null;
}
