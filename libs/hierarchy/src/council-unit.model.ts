import { CouncilLevel, unitNameEn } from '@council/core';
import { DateScalar } from '@council/server';
import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

import type { CouncilUnitEntity } from './council-unit.entity.js';
import { hasCouncilOn } from './hierarchy.service.js';

const models = new WeakMap<CouncilUnitEntity, Map<string, CouncilUnitModel>>();

registerEnumType(CouncilLevel, {
  name: 'CouncilLevel',
  description: 'Cấp HĐND / council level: CITY (thành phố), DISTRICT (cấp huyện), WARD (cấp xã)',
});

@ObjectType('CouncilUnit', { description: 'Đơn vị hành chính và HĐND của nó / an administrative unit and its council' })
export class CouncilUnitModel {
  @Field({ description: 'Mã GSO / GSO code ("01", "009", "00001")' })
  code: string;

  @Field({ description: 'Tên tiếng Việt / official Vietnamese name' })
  name: string;

  @Field({ description: 'English label beside the Vietnamese name' })
  nameEn: string;

  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field({ description: 'quan, huyen, thi_xa, phuong, xa, thi_tran, thanh_pho, tinh' })
  kind: string;

  @Field({ description: 'Có HĐND vào ngày tra cứu / has a People’s Council on the date asked about' })
  hasCouncil: boolean;

  @Field(() => DateScalar, { description: 'Đơn vị ở dạng này từ ngày / this form of the unit holds from (inclusive)' })
  validFrom: string;

  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày (không kể), trống: vẫn còn / until (exclusive); null: still so' })
  validTo: string | null;

  @Field(() => DateScalar, { description: 'Ngày tra cứu / the date this answer describes the unit at' })
  asOf: string;

  /** Not in the schema: resolved by the field resolvers. */
  parentCode: string | null;

  /**
   * The model of a unit version on a date. Unit rows are shared and frozen
   * (HierarchyService), so their models are too: a statistics table of 579
   * wards builds none after the first time.
   */
  static from(entity: CouncilUnitEntity, asOf: string): CouncilUnitModel {
    let byDate = models.get(entity);
    if (!byDate) models.set(entity, (byDate = new Map()));
    let model = byDate.get(asOf);
    if (!model) {
      // A few dates per unit are ever asked about (today, the quarters on screen); bounded all the same.
      if (byDate.size > 64) byDate.clear();
      byDate.set(asOf, (model = Object.freeze(CouncilUnitModel.build(entity, asOf))));
    }
    return model;
  }

  private static build(entity: CouncilUnitEntity, asOf: string): CouncilUnitModel {
    const m = new CouncilUnitModel();
    m.code = entity.code;
    m.name = entity.name;
    m.nameEn = unitNameEn(entity.name, entity.kind);
    m.level = entity.level;
    m.kind = entity.kind;
    m.hasCouncil = hasCouncilOn(entity, asOf);
    m.parentCode = entity.parentCode;
    m.validFrom = entity.validFrom;
    m.validTo = entity.validTo;
    m.asOf = asOf;
    return m;
  }
}
