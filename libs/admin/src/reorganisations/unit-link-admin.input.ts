import { UnitLinkKind } from '@council/hierarchy';
import { DateScalar } from '@council/server';
import { Field, InputType } from '@nestjs/graphql';

@InputType('RecordUnitLinkInput')
export class RecordUnitLinkInput {
  @Field({ description: 'Mã đơn vị cũ / the old unit’s code, on fromDate' })
  fromCode: string;

  @Field(() => DateScalar, { description: 'Một ngày đơn vị cũ mang mã đó / a day the old unit bore that code (e.g. 2024-12-31)' })
  fromDate: string;

  @Field({ description: 'Mã đơn vị mới / the new unit’s code, on toDate' })
  toCode: string;

  @Field(() => DateScalar, { description: 'Một ngày đơn vị mới mang mã đó / a day the new unit bore that code (e.g. 2025-01-01)' })
  toDate: string;

  @Field(() => UnitLinkKind)
  kind: UnitLinkKind;
}
