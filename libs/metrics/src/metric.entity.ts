import { CouncilLevel } from '@council/core';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A counted activity (data element). Seeded from the core catalogue; administrators may add more. */
@Entity({ schema: 'hierarchy', name: 'metric' })
export class MetricEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  nameVi: string;

  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 40, name: 'metric_group' })
  group: string;

  /** Vietnamese counting word: "kỳ họp", "nghị quyết", "cuộc"… */
  @Column({ type: 'varchar', length: 40 })
  unitVi: string;

  @Column({ type: 'enum', enum: CouncilLevel, enumName: 'council_level', array: true })
  levels: CouncilLevel[];

  /** The metric this one is a part of (its value may not exceed that one's). */
  @Column({ type: 'varchar', length: 80, nullable: true })
  partOf: string | null;

  @Column({ type: 'int' })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
