import { CouncilLevel, type ValidationFinding } from '@council/core';
import { UnitIdentityEntity } from '@council/hierarchy';
import type { StoredValue } from '@council/metrics';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
}

/**
 * A council's report for one quarter: its status, the working draft, and a
 * pointer to the latest submitted version (versions are immutable rows of
 * `report_version`). One row per unit and quarter.
 */
@Entity({ schema: 'district', name: 'report' })
@Unique('uq_report_unit_period', ['unitCode', 'period'])
@Index('ix_report_period_district', ['period', 'districtCode'])
@Index('ix_report_unit_identity', ['unitId', 'period'])
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  /**
   * The identity of the unit the code named when the quarter began (issue 14): `00008` in 2025Q2 is Phường Liễu Giai,
   * in 2025Q3 Phường Ngọc Hà. Written with the row; null only for rows filed before identities were seeded (the
   * seed fills them in).
   */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  /** Declared for the foreign key. */
  @ManyToOne(() => UnitIdentityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_report_unit_identity' })
  identity?: Relation<UnitIdentityEntity>;

  @Column({ type: 'enum', enum: CouncilLevel, enumName: 'council_level' })
  unitLevel: CouncilLevel;

  @Column({ type: 'varchar', length: 10 })
  rootCode: string;

  /** The district-level unit the report belongs under (itself for a district); null for the city council. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  districtCode: string | null;

  /** "2024Q1" */
  @Column({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'enum', enum: ReportStatus, enumName: 'report_status' })
  status: ReportStatus;

  /** Latest submitted version; 0 while never submitted. */
  @Column({ type: 'int', default: 0 })
  version: number;

  /** Counts submissions and reviews: what the city side orders snapshots by. */
  @Column({ type: 'int', default: 0 })
  revision: number;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  /** The first submission came after the due date. Corrections don't change it. */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Column({ type: 'jsonb', nullable: true })
  draftValues: StoredValue[] | null;

  @Column({ type: 'text', nullable: true })
  draftHighlights: string | null;

  @Column({ type: 'text', nullable: true })
  draftShortcomings: string | null;

  @Column({ type: 'text', nullable: true })
  draftProposals: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  draftSavedBy: string | null;

  /** Every finding of the draft when it was saved, ERRORs included (shown while drafting; an ERROR blocks only submission). */
  @Column({ type: 'jsonb', nullable: true })
  draftFindings: ValidationFinding[] | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
