import { type AppConfig, SerialRunner } from '@council/core';
import { publishToScreens } from '@council/messaging';
import { APP_CONFIG, HealthRegistry, MetricsRegistry, REDIS } from '@council/server';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

import { type FiguresChanged, figuresChannel } from './figures-changed.js';
import { CITY_DB } from './statistics.tokens.js';

const BATCH = 20_000;
/** A batch's announcement names at most this many of its requests (a GroupCommit batch holds at most 64 events). */
const MAX_REQUEST_IDS = 64;
const POLL_MS = 200;
/**
 * rollup_delta is a queue (rows inserted, then deleted within milliseconds):
 * its dead rows pile up faster than autovacuum (one pass a minute) clears
 * them, and every statistics query scans the table. Vacuumed here after this
 * many deltas moved, at most every VACUUM_MIN_MS.
 */
const VACUUM_AFTER_DELTAS = 20_000;
const VACUUM_MIN_MS = 5_000;

/** Compactions take turns (one at a time across replicas): pg_try_advisory_xact_lock key. */
const COMPACTION_TURN = 4_150_001;

/**
 * Moves up to BATCH pending deltas (the oldest) into the rollups, in one statement, if no other compaction
 * is running (a replica that finds one running moves nothing: the other one carries on).
 * The batch is an id range, not a set of picked rows joined back: the table is a queue, its statistics
 * usually say "empty" (after a vacuum, say), and the planner then joined the picked ids to the table by
 * nested loop — quadratic, 4 s of a core for 3,600 deltas in bench/sync-lag. A range is linear under any
 * plan. Deltas of transactions not yet committed are not visible here, whatever their id: a later pass moves them.
 */
export const COMPACT_STATEMENT = `
       WITH turn AS (SELECT pg_try_advisory_xact_lock(${COMPACTION_TURN}) AS mine),
         moved AS (
           DELETE FROM city.rollup_delta
            WHERE (SELECT mine FROM turn)
              AND id <= (SELECT max(id) FROM (SELECT id FROM city.rollup_delta ORDER BY id LIMIT ${BATCH}) oldest)
           RETURNING scope_code, level, period, metric_code, delta),
         summed AS (
           SELECT scope_code, level, period, metric_code, sum(delta)::bigint AS delta, count(*) AS n
             FROM moved GROUP BY scope_code, level, period, metric_code),
         upserted AS (
           INSERT INTO city.rollup (scope_code, level, period, metric_code, value)
           SELECT scope_code, level, period, metric_code, delta FROM summed ORDER BY scope_code, period, metric_code, level
           ON CONFLICT (scope_code, period, metric_code, level) DO UPDATE SET value = rollup.value + EXCLUDED.value)
         SELECT coalesce(sum(n), 0)::int AS moved FROM summed`;

/**
 * Folds pending rollup deltas into the rollups: one statement moves a batch
 * (DELETE … RETURNING, summed, upserted in key order), so a delta is counted
 * exactly once whoever moves it, and replicas take turns (COMPACT_STATEMENT).
 * Woken by every applied event; polls as well, for deltas another process
 * left behind. After each batch it tells live screens which periods changed.
 */
@Injectable()
export class RollupCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('RollupCompactor');
  // One compaction at a time in this process, and one more if woken meanwhile.
  private readonly compactor = new SerialRunner(
    () => this.compact(),
    (e) => this.log.warn(`compaction failed, retried on the next wake-up: ${(e as Error).message}`),
  );
  private timer?: NodeJS.Timeout;
  /** Oldest event time folded in by the batch in progress, for the lag figure. */
  private oldest?: number;
  private movedSinceVacuum = 0;
  private lastVacuum = 0;
  readonly stats = { batches: 0, deltas: 0, lastLagMs: null as number | null, lags: [] as number[] };

  constructor(
    @Inject(CITY_DB) private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    // The oldest delta by id (the primary key's order, the table being a queue), aged by the database's clock.
    this.metrics.gauge(
      'council_rollup_lag_seconds',
      'Seconds since the oldest rollup delta still pending was written (0 when the rollups are up to date)',
      [],
      async () => {
        const [row]: { age: number }[] = await this.db.query(
          `SELECT coalesce(extract(epoch FROM clock_timestamp() - (SELECT created_at FROM city.rollup_delta ORDER BY id LIMIT 1)), 0)::float8 AS age`,
        );
        return [[{}, Math.max(0, row.age)]];
      },
    );
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.health.register('rollups', async () => {
      const [row] = await this.db.query(`SELECT count(*)::int AS pending FROM city.rollup_delta`);
      const lags = [...this.stats.lags].sort((a, b) => a - b);
      const pct = (p: number) => (lags.length ? lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] : null);
      return {
        pending: row.pending,
        batches: this.stats.batches,
        deltas: this.stats.deltas,
        lagMs: { p50: pct(0.5), p95: pct(0.95), max: lags.at(-1) ?? null },
      };
    });
  }

  /**
   * Events were applied (`occurredAt`: when each was committed on the district
   * side, for the lag figure). Their figures count from now on (statistics read
   * the pending deltas too: `liveRollup`), so live screens hear of each period
   * now, once; the deltas are folded into the rollups soon after.
   */
  async applied(changes: { period: string; occurredAt?: string; requestId?: string }[]): Promise<void> {
    // Folded in at once: A/B in bench/sync-lag, compacting at most every 100 ms instead gave p95 254/280/258
    // against 225/223/239 ms (bigger batches, but statistics read more pending deltas meanwhile).
    for (const c of changes) this.wake(c.occurredAt);
    const requestsByPeriod = new Map<string, string[]>();
    for (const c of changes) {
      const ids = requestsByPeriod.get(c.period) ?? [];
      if (c.requestId && ids.length < MAX_REQUEST_IDS) ids.push(c.requestId);
      requestsByPeriod.set(c.period, ids);
    }
    for (const [period, requestIds] of requestsByPeriod) await this.announce(period, requestIds);
  }

  /** `occurredAt`: when the change was committed on the district side (for the lag figure). */
  wake(occurredAt?: string): void {
    if (occurredAt) {
      const t = Date.parse(occurredAt);
      if (!Number.isNaN(t)) this.oldest = Math.min(this.oldest ?? t, t);
    }
    this.compactor.trigger();
  }

  /** Moves everything pending (no visible figure changes: statistics read the pending deltas too). */
  async compact(): Promise<void> {
    for (;;) {
      const oldest = this.oldest;
      this.oldest = undefined;
      const [{ moved }]: { moved: number }[] = await this.db.query(COMPACT_STATEMENT);
      if (moved === 0) {
        if (oldest !== undefined) this.oldest = Math.min(this.oldest ?? oldest, oldest);
        break;
      }
      this.stats.batches++;
      this.stats.deltas += moved;
      if (oldest !== undefined) {
        const lag = Date.now() - oldest;
        this.stats.lastLagMs = lag;
        this.stats.lags.push(lag);
        if (this.stats.lags.length > 1000) this.stats.lags.splice(0, this.stats.lags.length - 1000);
      }
      this.movedSinceVacuum += moved;
      if (moved < BATCH) break;
    }
    if (this.movedSinceVacuum >= VACUUM_AFTER_DELTAS && Date.now() - this.lastVacuum >= VACUUM_MIN_MS) {
      this.movedSinceVacuum = 0;
      this.lastVacuum = Date.now();
      // Not in a transaction (VACUUM cannot be); SKIP_LOCKED: another replica's vacuum is as good.
      await this.db.query(`VACUUM (SKIP_LOCKED) city.rollup_delta`);
    }
  }

  /** Live screens are a convenience: a lost publish must not undo or repeat anything. */
  private async announce(period: string, requestIds: string[]): Promise<void> {
    const message: FiguresChanged = { period, appliedAt: new Date().toISOString(), requestIds };
    await publishToScreens(this.redis, figuresChannel(this.config.queuePrefix), message, 'figures-changed');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.compactor.stop();
  }
}
