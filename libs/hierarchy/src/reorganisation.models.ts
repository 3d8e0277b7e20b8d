import { CouncilLevel, dayBefore, kindFromName, type UnitKind, unitNameEn } from '@council/core';
import { DateScalar } from '@council/server';
import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum UnitLinkKind {
  FULL = 'full',
  PARTIAL = 'partial',
}

registerEnumType(UnitLinkKind, {
  name: 'UnitLinkKind',
  description: 'FULL: toàn bộ đơn vị cũ nhập vào đơn vị mới / all of the old unit went in; PARTIAL: một phần / part of it',
});

@ObjectType('ReorganisationEvent', { description: 'Một đợt sắp xếp đơn vị hành chính / a reorganisation of administrative units' })
export class ReorganisationEventModel {
  /** Not in the schema: what its links are loaded by. */
  id: string;

  @Field({ description: 'Số nghị quyết / the resolution that ordered it ("1286/NQ-UBTVQH15")' })
  resolution: string;

  @Field({ description: 'Trích yếu / what it did, in Vietnamese' })
  title: string;

  @Field()
  titleEn: string;

  @Field(() => DateScalar, { description: 'Ngày có hiệu lực / the day it took effect' })
  effectiveDate: string;

  @Field({ description: 'Nguồn / the acts and data files it is recorded from' })
  source: string;
}

@ObjectType('ReorganisedUnit', {
  description:
    'Một đơn vị (bản sắc, không phải mã) trong một liên kết, như nó ở ngày của nó / a unit (its identity, not its code) in a link, as it stood on its own day',
})
export class ReorganisedUnitModel {
  @Field({ description: 'Khoá bản sắc / identity key `<code>@<first day>` ("00008@2025-07-01"): a code is reused, this never is' })
  key: string;

  @Field()
  code: string;

  @Field({ description: 'Tên ở ngày của nó / its name on its day (the old unit: the day before the event; the new: the day)' })
  name: string;

  @Field()
  nameEn: string;

  @Field(() => CouncilLevel)
  level: CouncilLevel;

  @Field(() => DateScalar, { description: 'Đơn vị tồn tại từ ngày / the unit exists from (inclusive)' })
  validFrom: string;

  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày (không kể); trống: vẫn còn / until (exclusive); null: still exists' })
  validTo: string | null;

  @Field(() => DateScalar, { description: 'Ngày mô tả / the day it is described at' })
  asOf: string;
}

@ObjectType('UnitLink', { description: 'Đơn vị cũ → đơn vị mới trong một đợt sắp xếp / old unit → new unit in a reorganisation' })
export class UnitLinkModel {
  @Field(() => ReorganisedUnitModel, { description: 'Đơn vị cũ, ngày trước ngày có hiệu lực / the old unit, the day before' })
  from: ReorganisedUnitModel;

  @Field(() => ReorganisedUnitModel, { description: 'Đơn vị mới, ngày có hiệu lực / the new unit, on the day' })
  to: ReorganisedUnitModel;

  @Field(() => UnitLinkKind)
  kind: UnitLinkKind;

  @Field({
    description:
      'Căn cứ / how it is known: `source-file` (data/reorganisation-2025), a rule read from the names (`name-contains-predecessor`, `name-joins-predecessor-syllables`), or `administrator` (recorded through the API, audited)',
  })
  derivation: string;

  @Field(() => String, { nullable: true, description: 'Vì sao tin liên kết suy ra / why a derived link is believed' })
  evidence: string | null;

  @Field(() => String, { nullable: true })
  evidenceEn: string | null;

  @Field(() => ReorganisationEventModel)
  event: ReorganisationEventModel;
}

/** One row of the link queries (ReorganisationService): the link, its event and both identities. */
export interface UnitLinkRow {
  eventId: string;
  resolution: string;
  title: string;
  titleEn: string;
  effectiveDate: string;
  eventSource: string;
  kind: 'full' | 'partial';
  derivation: string;
  evidence: string | null;
  evidenceEn: string | null;
  fromKey: string;
  fromCode: string;
  fromName: string;
  fromLevel: CouncilLevel;
  fromValidFrom: string;
  fromValidTo: string | null;
  toKey: string;
  toCode: string;
  toName: string;
  toLevel: CouncilLevel;
  toValidFrom: string;
  toValidTo: string | null;
}

export function eventModel(r: Pick<UnitLinkRow, 'eventId' | 'resolution' | 'title' | 'titleEn' | 'effectiveDate' | 'eventSource'>) {
  const e = new ReorganisationEventModel();
  e.id = r.eventId;
  e.resolution = r.resolution;
  e.title = r.title;
  e.titleEn = r.titleEn;
  e.effectiveDate = r.effectiveDate;
  e.source = r.eventSource;
  return e;
}

/** An identity as it stood on `asOf`: its code and name of that day, its level and whole span. */
export interface ReorganisedUnitRow {
  key: string;
  code: string;
  name: string;
  level: CouncilLevel;
  validFrom: string;
  validTo: string | null;
}

export function reorganisedUnitModel(r: ReorganisedUnitRow, asOf: string): ReorganisedUnitModel {
  const u = new ReorganisedUnitModel();
  u.key = r.key;
  u.code = r.code;
  u.name = r.name;
  u.level = r.level;
  u.validFrom = r.validFrom;
  u.validTo = r.validTo;
  u.nameEn = unitNameEn(r.name, kindOf(r.name));
  u.asOf = asOf;
  return u;
}

export function linkModel(r: UnitLinkRow): UnitLinkModel {
  const side = (p: 'from' | 'to', asOf: string) =>
    reorganisedUnitModel(
      {
        key: r[`${p}Key`],
        code: r[`${p}Code`],
        name: r[`${p}Name`],
        level: r[`${p}Level`],
        validFrom: r[`${p}ValidFrom`],
        validTo: r[`${p}ValidTo`],
      },
      asOf,
    );
  const m = new UnitLinkModel();
  m.from = side('from', dayBefore(r.effectiveDate));
  m.to = side('to', r.effectiveDate);
  m.kind = r.kind === 'full' ? UnitLinkKind.FULL : UnitLinkKind.PARTIAL;
  m.derivation = r.derivation;
  m.evidence = r.evidence;
  m.evidenceEn = r.evidenceEn;
  m.event = eventModel(r);
  return m;
}

const KINDS: readonly UnitKind[] = ['phuong', 'xa', 'thi_tran', 'quan', 'huyen', 'thi_xa', 'thanh_pho', 'tinh'];

/** The kind a Vietnamese name states, for its English label ("Phường Ngọc Hà" → "Ngoc Ha Ward"). */
const kindOf = (name: string): string => kindFromName(name, KINDS) ?? '';
