import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One thing one person is told. Written only by NotificationsService. `dedupeKey` names the kind and its subject
 * (a report's revision, an assignment, a unit's quarter and reminder day): unique per recipient, so a redelivered
 * event or a rerun reminder creates nothing twice.
 */
@Entity({ schema: 'notify', name: 'notification' })
@Unique('uq_notification_user_dedupe', ['userId', 'dedupeKey'])
@Index('ix_notification_user_created', ['userId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** auth.user_account.id of the recipient. */
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  /** The unit the notification is about (the filing council, the assigned unit). */
  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  @Column({ type: 'varchar', length: 6, nullable: true })
  period: string | null;

  /** The report, directive or assignment it is about. */
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  /** The web app's page it opens. */
  @Column({ type: 'varchar', length: 200 })
  link: string;

  @Column({ type: 'text' })
  titleVi: string;

  @Column({ type: 'text' })
  titleEn: string;

  @Column({ type: 'text' })
  bodyVi: string;

  @Column({ type: 'text' })
  bodyEn: string;

  /** False when the recipient turned the centre off for this kind and it exists only to be mailed. */
  @Column({ type: 'boolean', default: true })
  inApp: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

/** A person's choice per kind and channel; no row: both channels on. */
@Entity({ schema: 'notify', name: 'notification_preference' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'boolean', default: true })
  inApp: boolean;

  @Column({ type: 'boolean', default: true })
  email: boolean;
}

/**
 * A notification to mail, written in the notification's own transaction. The worker sends due rows and stamps
 * `sentAt` under the row's lock; a refused send waits (doubling) and is tried again, so a server that is down
 * delays mail and loses none.
 */
@Entity({ schema: 'notify', name: 'mail_outbox' })
@Index('ix_mail_outbox_due', ['nextAttemptAt'], { where: 'sent_at IS NULL' })
export class MailOutboxEntity {
  /** The notification's id: one mail per notification. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 320 })
  toAddress: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

export const NOTIFICATION_ENTITIES = [NotificationEntity, NotificationPreferenceEntity, MailOutboxEntity];
