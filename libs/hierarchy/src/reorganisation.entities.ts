import { CouncilLevel } from '@council/core';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';

/**
 * A unit's identity, apart from its code (issue 14): `key` is `<code it first had>@<first day of its history here>`,
 * as the pure history builds it (libs/core unit-history), never reused. `00008@2021-07-01` is Phường Liễu Giai,
 * `00008@2025-07-01` Phường Ngọc Hà. [validFrom, validTo) is the span of the whole identity (all its versions); a code
 * names an identity only together with a day in that span. Never deleted: links point at it.
 */
@Entity({ schema: 'hierarchy', name: 'unit' })
@Unique('uq_unit_key', ['key'])
@Index('ix_unit_code', ['code', 'validFrom'])
export class UnitIdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  key: string;

  @Column({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'enum', enum: CouncilLevel, enumName: 'council_level' })
  level: CouncilLevel;

  /** Its latest name (a kept commune renamed on 2025-01-01 carries the new one; each link keeps the name of its day). */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'date' })
  validFrom: string;

  /** Exclusive; null while the unit exists. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'varchar', length: 200 })
  source: string;
}

/** A reorganisation: the resolution that ordered it and the day it took effect. */
@Entity({ schema: 'hierarchy', name: 'reorganisation_event' })
@Unique('uq_reorganisation_event_resolution', ['resolution'])
@Unique('uq_reorganisation_event_effective_date', ['effectiveDate'])
export class ReorganisationEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** "1286/NQ-UBTVQH15". */
  @Column({ type: 'varchar', length: 60 })
  resolution: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300 })
  titleEn: string;

  @Column({ type: 'date' })
  effectiveDate: string;

  /** Where it came from (data files, other acts that took effect with it). */
  @Column({ type: 'varchar', length: 300 })
  source: string;
}

export type UnitLinkShare = 'full' | 'partial';

/**
 * Old unit → new unit, in one event: `full` (all of the old unit went in) or `partial`. `derivation` says how it is
 * known: `source-file`, the name of the rule that read it from the names (libs/core merger-evidence.ts), or
 * `administrator` (recorded through the API; the audit log has the entry). The codes and names are those of each
 * side's own day: the old unit the day before the event, the new one on the day.
 */
@Entity({ schema: 'hierarchy', name: 'unit_link' })
@Unique('uq_unit_link_pair', ['fromUnitId', 'toUnitId'])
@Check('ck_unit_link_not_itself', `"from_unit_id" <> "to_unit_id"`)
@Index('ix_unit_link_to', ['toUnitId'])
@Index('ix_unit_link_event', ['eventId'])
export class UnitLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  fromUnitId: string;

  @Column({ type: 'uuid' })
  toUnitId: string;

  @Column({ type: 'varchar', length: 10 })
  fromCode: string;

  @Column({ type: 'varchar', length: 200 })
  fromName: string;

  @Column({ type: 'varchar', length: 10 })
  toCode: string;

  @Column({ type: 'varchar', length: 200 })
  toName: string;

  @Column({ type: 'enum', enum: ['full', 'partial'], enumName: 'unit_link_kind' })
  kind: UnitLinkShare;

  @Column({ type: 'varchar', length: 60 })
  derivation: string;

  /** Why a derived link is believed. */
  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ type: 'text', nullable: true })
  evidenceEn: string | null;

  /** `seed` for the data files' and derived links; the administrator's username otherwise. */
  @Column({ type: 'varchar', length: 64 })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  /** Declared for the foreign keys: a link names an event and two identities that exist. */
  @ManyToOne(() => ReorganisationEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_unit_link_event' })
  event?: Relation<ReorganisationEventEntity>;

  @ManyToOne(() => UnitIdentityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_unit_id', foreignKeyConstraintName: 'fk_unit_link_from' })
  fromUnit?: Relation<UnitIdentityEntity>;

  @ManyToOne(() => UnitIdentityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_unit_id', foreignKeyConstraintName: 'fk_unit_link_to' })
  toUnit?: Relation<UnitIdentityEntity>;
}

export const REORGANISATION_ENTITIES = [UnitIdentityEntity, ReorganisationEventEntity, UnitLinkEntity];
