import { UnitPlacementColumns } from '@council/hierarchy';
import type { StoredValue } from '@council/metrics';
import { Column, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A council's work programme for a year, as targets per metric ("02 kỳ họp
 * thường lệ và 01 kỳ họp chuyên đề, giám sát 02 nội dung chuyên đề…"). Setting
 * it again replaces the targets; the revision orders the copies the city gets.
 */
@Entity({ schema: 'district', name: 'annual_plan' })
@Unique('uq_annual_plan_unit_year', ['unitCode', 'year'])
export class AnnualPlanEntity extends UnitPlacementColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'jsonb' })
  targets: StoredValue[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int', default: 1 })
  revision: number;

  @Column({ type: 'varchar', length: 64 })
  updatedBy: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
