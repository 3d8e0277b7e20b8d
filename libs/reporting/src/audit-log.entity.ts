import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'SAVE_DRAFT' | 'SUBMIT' | 'ACCEPT' | 'RETURN';

/** Who changed which report, when, and what changed. Append-only. */
@Entity({ schema: 'district', name: 'audit_log' })
@Index('ix_audit_log_unit_period', ['unitCode', 'period'])
@Index('ix_audit_log_report', ['reportId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 20 })
  userRole: string;

  @Column({ type: 'varchar', length: 20 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  @Column({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @Column({ type: 'int', nullable: true })
  version: number | null;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;
}
