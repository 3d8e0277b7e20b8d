import type { AppConfig } from '@council/core';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import { APP_CONFIG, HealthRegistry } from '@council/server';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';

import { NOTIFY_DB } from '../notifications.tokens.js';

/** How long the worker waits for the mail server before calling an attempt failed. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * The Message-ID of an outbox row's mail: the same on every attempt, so a copy sent again is recognisably the same
 * message. Its domain is MAIL_FROM's (ours to name ids in), `council.local` when that has none usable.
 */
export function mailMessageId(outboxId: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'council.local';
  return `<notify-${outboxId}@${domain}>`;
}

/**
 * Sends the mail waiting in notify.mail_outbox (scheduled every MAIL_EVERY_MS when SMTP_URL is set). Each mail is
 * sent under its row's lock and stamped `sent_at` in that same transaction, so replicas never send one twice and a
 * sent mail is not sent again. A refused or unreachable server leaves the row unsent, tried again after a wait that
 * doubles from 1 s up to MAIL_RETRY_MAX_SECONDS: mail is delayed, never lost. The one window left: a worker killed
 * after the server took the mail and before its commit sends that mail once more (SMTP has no way to ask); the copy
 * carries the same Message-ID (`mailMessageId`, from the row's id), so mail systems and readers can fold it into one.
 */
@Injectable()
export class NotificationMailer implements OnModuleInit {
  private readonly log = new Logger('NotificationMailer');
  private transport?: Transporter;
  readonly stats = { sent: 0, failed: 0, lastError: null as string | null };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NOTIFY_DB) private readonly db: DataSource,
    private readonly registry: JobRegistry,
    private readonly schedule: MaintenanceSchedule,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('SendNotificationMail', async () => {
      await this.sendDue();
    });
    const { smtpUrl, mailEveryMs } = this.config.notifications;
    if (!smtpUrl) return;
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    this.schedule.every('SendNotificationMail', mailEveryMs);
    this.health.register('mail', async () => {
      const [row] = await this.db.query(`SELECT count(*)::int AS waiting FROM notify.mail_outbox WHERE sent_at IS NULL`);
      return { ...row, ...this.stats };
    });
  }

  /** Sends every mail that is due, one at a time; stops at the first the server refuses (the rest wait their turn). */
  async sendDue(): Promise<number> {
    if (!this.transport) return 0;
    let sent = 0;
    while (await this.sendOne()) sent++;
    return sent;
  }

  private sendOne(): Promise<boolean> {
    const transport = this.transport!;
    return this.db.transaction(async (tx) => {
      const [mail]: { id: string; to_address: string; subject: string; body: string }[] = await tx.query(
        `SELECT id, to_address, subject, body FROM notify.mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!mail) return false;
      try {
        const { mailFrom } = this.config.notifications;
        await transport.sendMail({
          from: mailFrom,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.body,
          messageId: mailMessageId(mail.id, mailFrom),
        });
      } catch (e) {
        this.stats.failed++;
        this.stats.lastError = (e as Error).message;
        this.log.warn(`mail ${mail.id} not sent, will retry: ${(e as Error).message}`);
        await tx.query(
          `UPDATE notify.mail_outbox SET attempts = attempts + 1, last_error = $2,
                  next_attempt_at = now() + make_interval(secs => least($3::double precision, power(2, attempts))) WHERE id = $1`,
          [mail.id, (e as Error).message.slice(0, 1000), this.config.notifications.mailRetryMaxSeconds],
        );
        return false;
      }
      await tx.query(`UPDATE notify.mail_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [mail.id]);
      this.stats.sent++;
      return true;
    });
  }
}
