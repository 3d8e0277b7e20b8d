import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A quarter closed (khoá sổ) for a scope: the city (its root code: every council under it) or one district (the
 * district's council and its communes). Append-only dated facts: closing again is a new fact, and it also ends every
 * reopening granted before it. `source` says what closed it: `manual` (city staff) or `meeting:<id>` (the city's
 * briefing marked held, applied from the city side's QuarterClosed event, `eventId` keeping a replay from writing twice).
 */
@Entity({ schema: 'district', name: 'quarter_closure' })
@Index('ix_quarter_closure_period_scope', ['period', 'scopeCode', 'recordedAt'])
export class QuarterClosureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'varchar', length: 10 })
  scopeCode: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  closedAt: Date;

  /**
   * When this database recorded the closure: what orders closures and grants (`reopen_request.decided_at`, the same
   * clock). `closedAt` is the business time and may come from another host's clock (the city's meeting marked held).
   */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  @Column({ type: 'varchar', length: 64 })
  closedBy: string;

  @Column({ type: 'varchar', length: 80 })
  source: string;

  @Column({ type: 'uuid', nullable: true, unique: true })
  eventId: string | null;
}
