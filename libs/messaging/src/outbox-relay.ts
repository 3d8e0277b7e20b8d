import { type AppConfig, SerialRunner } from '@council/core';
import { APP_CONFIG, HealthRegistry, MetricsRegistry } from '@council/server';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import pg from 'pg';
import type { DataSource } from 'typeorm';

import { type EventJobData, JOB_QUEUES } from './jobs.js';
import { OUTBOXES, type Side } from './outbox.js';
import type { QueueName } from './queues.js';

interface OutboxRow {
  id: string;
  type: keyof typeof JOB_QUEUES;
  payload: unknown;
  created_at: Date;
  request_id: string | null;
}

/** How long a sent event may stay unconfirmed before the relay looks for its job. */
export const RESEND_AFTER_MS = 5_000;
/** How often a check runs, and when an event whose job is still on its way is looked at again. */
const RECHECK_EVERY_MS = RESEND_AFTER_MS / 2;
/**
 * When an event whose job failed for good (a dead letter: it used up its attempts) is looked at again:
 * only an operator's retry changes it (then its job completes and it is confirmed), or a Redis that lost
 * it (then it is sent again).
 */
const DEAD_RECHECK_MS = 60_000;
/** Sent events looked up per check. */
const RECHECK_BATCH = 1_000;
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
  // At most one drain runs, and one more follows if woken meanwhile.
  private readonly drainer = new SerialRunner(
    () => this.drain(),
    (e) => this.fail('drain', e),
  );
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
    this.timers.push(setInterval(() => void this.recheck().catch((e) => this.fail('recheck', e)), RECHECK_EVERY_MS));
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

  wake(): void {
    this.drainer.trigger();
  }

  private async drain(): Promise<void> {
    for (;;) {
      // Claimed and stamped in one statement (no transaction held open across the Redis call).
      // (TypeORM answers an UPDATE with [rows, rowCount].)
      const [rows]: [OutboxRow[], number] = await this.db.query(
        `UPDATE ${this.table} o SET sent_at = now(), recheck_at = now() + make_interval(secs => ${RESEND_AFTER_MS / 1000}), send_attempts = send_attempts + 1
           FROM (SELECT id FROM ${this.table} WHERE sent_at IS NULL ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) picked
          WHERE o.id = picked.id
          RETURNING o.id, o.type, o.payload, o.created_at, o.request_id`,
      );
      if (rows.length === 0) return;
      rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
      try {
        await this.enqueue(rows);
      } catch (e) {
        // Back to unsent, for the next wake-up; if even this fails, the recheck finds no job and sends them again.
        await this.db
          .query(`UPDATE ${this.table} SET sent_at = NULL WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)])
          .catch(() => undefined);
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
          data: {
            eventId: r.id,
            type: r.type,
            payload: r.payload,
            occurredAt: new Date(r.created_at).toISOString(),
            ...(r.request_id ? { requestId: r.request_id } : {}),
          } as EventJobData,
          opts: { jobId: r.id },
        })),
      );
      // The hop between a request's line and the worker's: at LOG_LEVEL=debug, each event as it becomes a job.
      for (const r of list) this.log.debug({ msg: `sent ${r.type} to ${queue}`, eventId: r.id, requestId: r.request_id ?? undefined });
    }
  }

  /**
   * Confirms sent events whose job completed and sends again those whose job is gone; the rest (on their
   * way, or dead letters) are looked at again later. Events are taken oldest-due first (`recheck_at`), and
   * every one taken is pushed back, so however many dead letters pile up, each event gets its turn.
   */
  async recheck(limit = RECHECK_BATCH): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, type, payload, created_at, request_id FROM ${this.table}
          WHERE sent_at IS NOT NULL AND confirmed_at IS NULL AND recheck_at <= now()
          ORDER BY recheck_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return;
      // All at once (ioredis pipelines them): one by one, a burst's 1,000 rows took 1,000 round trips with the rows locked.
      const states = await Promise.all(rows.map((row) => this.queues[JOB_QUEUES[row.type]].getJobState(row.id)));
      const lost = rows.filter((_, i) => states[i] === 'unknown');
      if (lost.length) {
        await this.enqueue(lost);
        this.stats.resent += lost.length;
        this.log.warn(`${lost.length} event(s) sent earlier had no job any more (Redis lost them?): sent again`);
      }
      const outcome = states.map((state) =>
        state === 'unknown' ? 'resent' : state === 'completed' ? 'confirmed' : state === 'failed' ? 'dead' : 'later',
      );
      this.stats.confirmed += outcome.filter((o) => o === 'confirmed').length;
      // Every row taken, in one statement: confirmed, sent again, or looked at again later (a dead letter much later).
      await tx.query(
        `UPDATE ${this.table} o
            SET confirmed_at = CASE WHEN c.outcome = 'confirmed' THEN now() END,
                sent_at = CASE WHEN c.outcome = 'resent' THEN now() ELSE o.sent_at END,
                send_attempts = o.send_attempts + (c.outcome = 'resent')::int,
                recheck_at = now() + make_interval(secs => CASE c.outcome WHEN 'resent' THEN ${RESEND_AFTER_MS / 1000}
                                                                          WHEN 'dead' THEN ${DEAD_RECHECK_MS / 1000}
                                                                          ELSE ${RECHECK_EVERY_MS / 1000} END)
           FROM unnest($1::uuid[], $2::text[]) AS c(id, outcome)
          WHERE o.id = c.id`,
        [rows.map((r) => r.id), outcome],
      );
    });
  }

  private fail(what: string, e: unknown): void {
    this.stats.lastError = `${what}: ${(e as Error).message}`;
    if (!this.stopped) this.log.warn(this.stats.lastError);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.drainer.stop();
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
    private readonly metrics: MetricsRegistry,
    @InjectQueue('to-city') toCity: Queue,
    @InjectQueue('to-district') toDistrict: Queue,
    @InjectQueue('reactions') reactions: Queue,
    @InjectQueue('maintenance') maintenance: Queue,
  ) {
    this.queues = { 'to-city': toCity, 'to-district': toDistrict, reactions, maintenance };
  }

  private readonly queues: Record<QueueName, Queue>;

  async onApplicationBootstrap(): Promise<void> {
    for (const source of this.sources) {
      const db = this.modules.get<DataSource>(getDataSourceToken(source.dataSource), { strict: false });
      const url = source.side === 'district' ? this.config.districtDatabaseUrl : this.config.cityDatabaseUrl;
      const relay = new OutboxRelay(source.side, db, url, this.queues, this.health);
      await relay.start();
      this.relays.push(relay);
      this.registerMetrics(source.side, db);
    }
  }

  /** The outbox's backlog: events not yet handed to BullMQ, and how long the oldest has waited (by the database's clock). */
  private registerMetrics(side: Side, db: DataSource): void {
    const backlog = async () => {
      // The partial index of unsent rows answers both.
      const [row]: { unsent: number; age: number | null }[] = await db.query(
        `SELECT count(*)::int AS unsent, extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS age
           FROM ${OUTBOXES[side].table} WHERE sent_at IS NULL`,
      );
      return row;
    };
    this.metrics.gauge(
      'council_outbox_backlog',
      'Outbox events not yet sent to their queue, by the side that wrote them',
      ['side'],
      async () => [[{ side }, (await backlog()).unsent]],
    );
    this.metrics.gauge(
      'council_outbox_oldest_unsent_age_seconds',
      'Seconds since the oldest unsent outbox event was written (0 when none)',
      ['side'],
      async () => [[{ side }, Math.max(0, (await backlog()).age ?? 0)]],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.relays.map((r) => r.stop()));
  }
}
