import { CouncilLevel } from '@council/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';

import { UnitIdentityEntity } from './reorganisation.entities.js';

/**
 * One version of an administrative unit and its council (slowly changing
 * dimension): when a unit's name, parent or council changes, the current row
 * gets a `validTo` and a new row starts. "As of a date" reads the row whose
 * [validFrom, validTo) holds that date, so a report belongs to the unit as it
 * was in its period. Codes are GSO codes ("01", "009", "00001").
 */
@Entity({ schema: 'hierarchy', name: 'council_unit' })
@Unique('uq_council_unit_code_valid_from', ['code', 'validFrom'])
@Index('ix_council_unit_parent', ['parentCode'])
@Index('ix_council_unit_level', ['level', 'rootCode'])
@Index('ix_council_unit_identity', ['unitId'])
export class CouncilUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  code: string;

  /**
   * The unit's identity (`hierarchy.unit`), which its code names only on the days of this version: what reports and
   * accounts point at (issue 14). Set by the seed once the identities exist; null only in the moment between.
   */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  /** Declared for the foreign key. */
  @ManyToOne(() => UnitIdentityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_council_unit_identity' })
  identity?: Relation<UnitIdentityEntity>;

  /** Full Vietnamese name as GSO writes it: "Quận Thanh Xuân". */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: CouncilLevel, enumName: 'council_level' })
  level: CouncilLevel;

  /** quan, huyen, thi_xa, phuong, xa, thi_tran, thanh_pho, tinh… */
  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  parentCode: string | null;

  /** The CITY-level (province) root of this unit's tree; the country has 63. */
  @Column({ type: 'varchar', length: 10 })
  rootCode: string;

  @Column({ type: 'date' })
  validFrom: string;

  /** Exclusive; null while the unit still exists in this form. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  /** When this unit has a People's Council: [councilFrom, councilTo); null councilFrom = never. */
  @Column({ type: 'date', nullable: true })
  councilFrom: string | null;

  @Column({ type: 'date', nullable: true })
  councilTo: string | null;

  /** Where the row came from (data file and its date), for audit of reference data. */
  @Column({ type: 'varchar', length: 200 })
  source: string;
}
