import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectQueue } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@council/core';
import { APP_CONFIG, HealthRegistry } from '@council/server';
import { JOB_QUEUES, type EventJobData } from './jobs.js';
import { OUTBOXES, type Side } from './outbox.js';
import type { QueueName } from './queues.js';

interface OutboxRow {
  id: string;
  type: keyof typeof JOB_QUEUES;
  payload: unknown;
  created_at: Date;
}

/** How long a sent event may stay unconfirmed before the relay looks for its job. */
export const RESEND_AFTER_MS = 5_000;
const BATCH = 200;
const POLL_MS = 1_000;

/**
 * Moves outbox rows into BullMQ. Woken by NOTIFY (sent when a report's
 * transaction commits), with polling as the fallback. Rows are claimed with
 * FOR UPDATE SKIP LOCKED so replicas share the work, and stamped sent by the
 * same statement; if adding their jobs fails they are unstamped. Sent rows
 * whose job is not in Redis — the relay died between claiming and adding,
 * Redis was flushed, a job was lost — are sent again after RESEND_AFTER_MS
 * (harmless if it was there after all: the job id is the event id and the
 * consumer's inbox drops duplicates).
 */
export class OutboxRelay {
  private readonly log: Logger;
  private readonly table: string;
  private listener?: pg.Client;
  private timers: NodeJS.Timeout[] = [];
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  readonly stats = { sent: 0, resent: 0, confirmed: 0, lastError: null as string | null };

  constructor(
    readonly side: Side,
    private readonly db: DataSource,
    private readonly url: string,
    private readonly queues: Record<QueueName, Queue>,
    private readonly health: HealthRegistry,
  ) {
    this.log = new Logger(`OutboxRelay:${side}`);
    this.table = OUTBOXES[side].table;
  }

  async start(): Promise<void> {
    await this.listen();
    this.timers.push(setInterval(() => this.wake(), POLL_MS));
    this.timers.push(setInterval(() => void this.recheck().catch((e) => this.fail('recheck', e)), RESEND_AFTER_MS / 2));
    this.health.register(`outbox-${this.side}`, async () => {
      const [row] = await this.db.query(
        // Two counts the partial indexes answer; a FILTER over the table would read every event ever sent.
        `SELECT (SELECT count(*) FROM ${this.table} WHERE sent_at IS NULL)::int AS unsent,
                (SELECT count(*) FROM ${this.table} WHERE sent_at IS NOT NULL AND confirmed_at IS NULL)::int AS unconfirmed`,
      );
      return { ...row, ...this.stats };
    });
    this.wake();
  }

  /** A dedicated connection for LISTEN; if it drops, polling carries on and we reconnect. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: `sync-worker-listen-${this.side}` } as pg.ClientConfig);
    client.on('notification', () => this.wake());
    client.on('error', (e) => {
      this.fail('listen', e);
      this.listener = undefined;
      setTimeout(() => void this.listen().catch((err) => this.fail('listen', err)), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOXES[this.side].channel}`);
    this.listener = client;
  }

  /** Coalesces wake-ups: at most one drain runs, and one more follows if woken meanwhile. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((e) => this.fail('drain', e))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      // Claimed and stamped in one statement (no transaction held open across the Redis call).
      // (TypeORM answers an UPDATE with [rows, rowCount].)
      const [rows]: [OutboxRow[], number] = await this.db.query(
        `UPDATE ${this.table} o SET sent_at = now(), send_attempts = send_attempts + 1
           FROM (SELECT id FROM ${this.table} WHERE sent_at IS NULL ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) picked
          WHERE o.id = picked.id
          RETURNING o.id, o.type, o.payload, o.created_at`,
      );
      if (rows.length === 0) return;
      rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
      try {
        await this.enqueue(rows);
      } catch (e) {
        // Back to unsent, for the next wake-up; if even this fails, the recheck finds no job and sends them again.
        await this.db.query(`UPDATE ${this.table} SET sent_at = NULL WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]).catch(() => undefined);
        throw e;
      }
      this.stats.sent += rows.length;
      if (rows.length < BATCH || this.stopped) return;
    }
  }

  private async enqueue(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const row of rows) {
      const queue = JOB_QUEUES[row.type];
      if (!queue) throw new Error(`outbox row ${row.id} has unknown type ${row.type}`);
      const list = byQueue.get(queue);
      if (list) list.push(row);
      else byQueue.set(queue, [row]);
    }
    for (const [queue, list] of byQueue) {
      await this.queues[queue].addBulk(
        list.map((r) => ({
          name: r.type,
          data: { eventId: r.id, type: r.type, payload: r.payload, occurredAt: new Date(r.created_at).toISOString() } as EventJobData,
          opts: { jobId: r.id },
        })),
      );
    }
  }

  /** Confirm sent events whose job completed; send again those whose job is gone. */
  async recheck(): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, type, payload, created_at FROM ${this.table}
          WHERE sent_at IS NOT NULL AND confirmed_at IS NULL AND sent_at < now() - make_interval(secs => $1)
          ORDER BY sent_at LIMIT 1000 FOR UPDATE SKIP LOCKED`,
        [RESEND_AFTER_MS / 1000],
      );
      if (rows.length === 0) return;
      // All at once (ioredis pipelines them): one by one, a burst's 1,000 rows took 1,000 round trips with the rows locked.
      const states = await Promise.all(rows.map((row) => this.queues[JOB_QUEUES[row.type]].getJobState(row.id)));
      const confirmed = rows.filter((_, i) => states[i] === 'completed').map((r) => r.id);
      const lost = rows.filter((_, i) => states[i] === 'unknown');
      if (lost.length) {
        await this.enqueue(lost);
        await tx.query(`UPDATE ${this.table} SET sent_at = now(), send_attempts = send_attempts + 1 WHERE id = ANY($1::uuid[])`, [lost.map((r) => r.id)]);
        this.stats.resent += lost.length;
        this.log.warn(`${lost.length} event(s) sent earlier had no job any more (Redis lost them?): sent again`);
      }
      if (confirmed.length) {
        await tx.query(`UPDATE ${this.table} SET confirmed_at = now() WHERE id = ANY($1::uuid[])`, [confirmed]);
        this.stats.confirmed += confirmed.length;
      }
    });
  }

  private fail(what: string, e: unknown): void {
    this.stats.lastError = `${what}: ${(e as Error).message}`;
    if (!this.stopped) this.log.warn(this.stats.lastError);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }
}

/** Which outboxes this process relays, and through which TypeORM connection (undefined: the default one). */
export const RELAY_SOURCES = Symbol('RELAY_SOURCES');
export interface RelaySource {
  side: Side;
  dataSource?: string;
}

/** Starts one relay per outbox (district → city, city → district) and stops them on shutdown. */
@Injectable()
export class OutboxRelays implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relays: OutboxRelay[] = [];

  constructor(
    @Inject(RELAY_SOURCES) private readonly sources: RelaySource[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly modules: ModuleRef,
    private readonly health: HealthRegistry,
    @InjectQueue('to-city') toCity: Queue,
    @InjectQueue('to-district') toDistrict: Queue,
    @InjectQueue('maintenance') maintenance: Queue,
  ) {
    this.queues = { 'to-city': toCity, 'to-district': toDistrict, maintenance };
  }

  private readonly queues: Record<QueueName, Queue>;

  async onApplicationBootstrap(): Promise<void> {
    for (const source of this.sources) {
      const db = this.modules.get<DataSource>(getDataSourceToken(source.dataSource), { strict: false });
      const url = source.side === 'district' ? this.config.districtDatabaseUrl : this.config.cityDatabaseUrl;
      const relay = new OutboxRelay(source.side, db, url, this.queues, this.health);
      await relay.start();
      this.relays.push(relay);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.relays.map((r) => r.stop()));
  }
}
