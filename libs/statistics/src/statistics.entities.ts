import { UnitPlacementColumns } from '@council/hierarchy';
import { CityInboxEventEntity } from '@council/messaging';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The city's copy of each report, as of the newest change it received. */
@Entity({ schema: 'city', name: 'report_fact' })
@Index('ix_report_fact_period_root', ['period', 'rootCode', 'unitLevel'])
@Index('ix_report_fact_period_district', ['period', 'districtCode'])
@Index('ix_report_fact_applied', ['appliedAt'])
export class ReportFactEntity extends UnitPlacementColumns {
  @PrimaryColumn({ type: 'uuid' })
  reportId: string;

  @Column({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'int' })
  version: number;

  /** Only a snapshot with a higher revision replaces this one. */
  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  /** Submitted or accepted: its figures are in the rollups. Returned: they are not. */
  @Column({ type: 'boolean' })
  counts: boolean;

  @Column({ type: 'boolean' })
  late: boolean;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @Column({ type: 'jsonb' })
  values: Record<string, number>;

  /** When the change happened on the district side, and when the city applied it. */
  @Column({ type: 'timestamptz', nullable: true })
  occurredAt: Date | null;

  @Column({ type: 'timestamptz' })
  appliedAt: Date;
}

/**
 * Totals kept as reports arrive, so no statistics query reads raw figures.
 * A row is the sum, over the councils of `level` inside the subtree of
 * `scopeCode` (a unit itself, its district, its province), of one metric in
 * one period (a quarter, and its year).
 */
@Entity({ schema: 'city', name: 'rollup' })
export class RollupEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  scopeCode: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  period: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  metricCode: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  level: string;

  @Column({ type: 'bigint' })
  value: string;
}

/**
 * Changes to the rollups not yet folded in. The consumer only inserts here
 * (no shared rows, so events apply in parallel); the compactor moves them into
 * `rollup` in batches. Readers that need to be exact add what is pending.
 */
@Entity({ schema: 'city', name: 'rollup_delta' })
export class RollupDeltaEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'varchar', length: 10 })
  scopeCode: string;

  @Column({ type: 'varchar', length: 10 })
  level: string;

  @Column({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'varchar', length: 80 })
  metricCode: string;

  @Column({ type: 'bigint' })
  delta: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}

/** The city's copy of each council's annual targets, as of the newest change it received. */
@Entity({ schema: 'city', name: 'plan_fact' })
@Index('ix_plan_fact_year_root', ['year', 'rootCode', 'unitLevel'])
export class PlanFactEntity extends UnitPlacementColumns {
  @PrimaryColumn({ type: 'uuid' })
  planId: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'jsonb' })
  targets: Record<string, number>;

  @Column({ type: 'timestamptz' })
  appliedAt: Date;
}

export const STATISTICS_ENTITIES = [CityInboxEventEntity, ReportFactEntity, RollupEntity, RollupDeltaEntity, PlanFactEntity];
