import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event waiting to cross to the other side. Written in the same
 * transaction as the change it describes, so there is never a change without
 * its event nor an event without its change. The relay sends it and stamps
 * `sentAt`; the consumer's inbox makes a second delivery harmless.
 */
export abstract class OutboxEventColumns {
  /** Also the BullMQ job id and the consumer's inbox key. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  /** What the event is about (a report id), for tracing. */
  @Column({ type: 'varchar', length: 100 })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  /** The request whose work wrote the event (X-Request-Id): its job and the other side's log lines carry it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  sendAttempts: number;

  /** The relay saw its job completed. Sent but unconfirmed past a timeout means lost: it is sent again. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /**
   * When the relay next looks for the job of this sent, unconfirmed event. Checks go oldest-due first and
   * push the row back, so events whose job failed for good (dead letters, never confirmed) take their turn
   * instead of filling every check and hiding newer events that Redis lost.
   */
  @Column({ type: 'timestamptz', nullable: true })
  recheckAt: Date | null;
}

@Entity({ schema: 'city', name: 'outbox_event' })
@Index('ix_city_outbox_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
@Index('ix_city_outbox_unconfirmed', ['recheckAt'], { where: 'sent_at IS NOT NULL AND confirmed_at IS NULL' })
export class CityOutboxEventEntity extends OutboxEventColumns {}

/** Events already applied on a side: the reason a second delivery changes nothing. */
export abstract class InboxEventColumns {
  @PrimaryColumn({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}

@Entity({ schema: 'city', name: 'inbox_event' })
export class CityInboxEventEntity extends InboxEventColumns {}

@Entity({ schema: 'district', name: 'inbox_event' })
export class DistrictInboxEventEntity extends InboxEventColumns {}

@Entity({ schema: 'district', name: 'outbox_event' })
@Index('ix_district_outbox_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
@Index('ix_district_outbox_unconfirmed', ['recheckAt'], { where: 'sent_at IS NOT NULL AND confirmed_at IS NULL' })
export class DistrictOutboxEventEntity extends OutboxEventColumns {}
