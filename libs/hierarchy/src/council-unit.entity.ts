import { CouncilLevel } from '@council/core';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

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
export class CouncilUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  code: string;

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
