import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReportAuditAction = 'SAVE_DRAFT' | 'SUBMIT' | 'ACCEPT' | 'RETURN' | 'REOPEN_REQUEST' | 'REOPEN_GRANT' | 'REOPEN_REFUSE';
/** What an administrator did (subject: `user:<name>`, `metric:<code>`, `period:<quarter>`). */
export type AdminAuditAction =
  | 'USER_CREATE'
  | 'USER_UPDATE'
  | 'USER_DISABLE'
  | 'USER_ENABLE'
  | 'USER_PASSWORD_RESET'
  | 'USER_SESSIONS_REVOKE'
  | 'METRIC_ADD'
  | 'UNIT_LINK_RECORD'
  /** A council's term set (subject `council-term:<unit>:<term>`). */
  | 'COUNCIL_TERM_SET'
  | 'DEADLINE_SET'
  /** A quarter closed for a scope (subject `period:<quarter>`, unit the scope). */
  | 'QUARTER_CLOSE'
  /** Sign-in's account-wide lock tripped (subject `user:<name>`; by `system`): no administrator's act, an alert for them. */
  | 'ACCOUNT_LOCKED';
export type AuditAction = ReportAuditAction | AdminAuditAction;

/**
 * Who changed what, when, and what changed (before and after). Append-only. A report's entries name the report,
 * its unit and quarter; an administrator's name their subject instead (and the unit, when there is one).
 */
@Entity({ schema: 'district', name: 'audit_log' })
@Index('ix_audit_log_unit_period', ['unitCode', 'period'])
@Index('ix_audit_log_report', ['reportId'])
// The worker's scan for account locks to tell administrators (libs/notifications) reads these rows only.
@Index('ix_audit_log_account_locked', ['id'], { where: `"action" = 'ACCOUNT_LOCKED'` })
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

  @Column({ type: 'varchar', length: 10, nullable: true })
  unitCode: string | null;

  @Column({ type: 'varchar', length: 6, nullable: true })
  period: string | null;

  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  /** An administrator's entry: what it is about (`user:<name>`, `metric:<code>`, `period:<quarter>`); null for a report's. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  subject: string | null;

  @Column({ type: 'int', nullable: true })
  version: number | null;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;
}
