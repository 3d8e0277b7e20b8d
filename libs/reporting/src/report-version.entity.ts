import type { ValidationFinding } from '@council/core';
import type { StoredValue } from '@council/metrics';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';

import { ReportEntity } from './report.entity.js';

/** One submission, never changed after it is written. */
@Entity({ schema: 'district', name: 'report_version' })
@Unique('uq_report_version', ['reportId', 'version'])
@Unique('uq_report_version_idempotency', ['reportId', 'idempotencyKey'])
export class ReportVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  /** Declared for the foreign key; code reads versions by reportId. */
  @ManyToOne(() => ReportEntity, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_version_report' })
  report?: Relation<ReportEntity>;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'varchar', length: 64 })
  submittedBy: string;

  @Column({ type: 'boolean' })
  late: boolean;

  /** As submitted, in the order given; `report_value` holds the same figures as rows for SQL. */
  @Column({ type: 'jsonb' })
  values: StoredValue[];

  @Column({ type: 'text', nullable: true })
  highlights: string | null;

  @Column({ type: 'text', nullable: true })
  shortcomings: string | null;

  @Column({ type: 'text', nullable: true })
  proposals: string | null;

  /** WARNING findings stored with the version (ERRORs never get this far). */
  @Column({ type: 'jsonb' })
  findings: ValidationFinding[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  /** sha256 of the submitted content: the same key with other content is a conflict. */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;
}
