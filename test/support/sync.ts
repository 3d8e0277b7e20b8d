/**
 * "Has the sync settled?" for the fault tests: the district outbox is empty
 * of unsent rows, and the worker's own check, `reconcile()` with no grace,
 * finds nothing (no total ≠ facts, no fact ≠ district nor at another revision,
 * no report behind or in flight). Beside it, as a second opinion the worker
 * does not share: the rollups equal to a recomputation from the district
 * side's latest versions.
 */
import { loadConfig } from '@council/core';
import { cityRollups, driftBetween, expectedFromDistrict, reconcile, type ReconciliationReport } from '@council/sync';
import type { DataSource } from 'typeorm';

import { createDataSource } from '../../apps/database-cli/src/all-entities.js';
import { assertTestEnvironment } from './env.js';
import { sleep } from './processes.js';

export interface SyncDatabases {
  district: DataSource;
  city: DataSource;
  close(): Promise<void>;
}

/** TypeORM connections to both sides' databases (the test database, as the apps see it). */
export async function openSyncDatabases(): Promise<SyncDatabases> {
  assertTestEnvironment();
  const config = loadConfig(process.env);
  for (const url of [config.districtDatabaseUrl, config.cityDatabaseUrl]) {
    if (!/\/council_test_[A-Za-z0-9_]+$/.test(url)) throw new Error('sync checks must run against the test database');
  }
  const district = createDataSource(config.districtDatabaseUrl, 'fault-test-district');
  const city = createDataSource(config.cityDatabaseUrl, 'fault-test-city');
  await district.initialize();
  try {
    await city.initialize();
  } catch (e) {
    await district.destroy();
    throw e;
  }
  return {
    district,
    city,
    close: async () => {
      await Promise.all([district.isInitialized && district.destroy(), city.isInitialized && city.destroy()]);
    },
  };
}

export interface Drift {
  cell: string;
  expected: number;
  actual: number;
}

export interface SyncState {
  at: Date;
  /** Outbox rows not yet handed to the queue. */
  unsent: number;
  /** Outbox rows sent but not yet confirmed by the relay (informative: confirmation may lag). */
  unconfirmed: number;
  outboxEvents: number;
  /** Rows of city.rollup_delta not yet folded into city.rollup (counted by cityRollups(), not yet by statistics). */
  pendingDeltas: number;
  inboxEvents: number;
  drift: Drift[];
  /**
   * The worker's own check, reconcile(), with no grace: a report whose fact is missing or at an older revision is
   * `behind`, one at a newer revision or with other figures is a fact mismatch.
   */
  reconciliation: ReconciliationReport;
  expectedCells: number;
  actualCells: number;
  settled: boolean;
}

/** One look at both sides. */
export async function syncState(dbs: Pick<SyncDatabases, 'district' | 'city'>): Promise<SyncState> {
  const [[outbox], [inbox], expected, actual, reconciliation] = await Promise.all([
    dbs.district.query(
      `SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent,
              count(*) FILTER (WHERE sent_at IS NOT NULL AND confirmed_at IS NULL)::int AS unconfirmed,
              count(*)::int AS total
         FROM district.outbox_event`,
    ) as Promise<{ unsent: number; unconfirmed: number; total: number }[]>,
    dbs.city.query(`SELECT count(*)::int AS total FROM city.inbox_event`) as Promise<{ total: number }[]>,
    expectedFromDistrict(dbs.district),
    cityRollups(dbs.city),
    reconcile(dbs.district, dbs.city, 0),
  ]);
  // Rollup changes written but not yet folded into city.rollup by the compactor (if this schema has that table).
  const [{ hasDeltas }] = await dbs.city.query(`SELECT to_regclass('city.rollup_delta') IS NOT NULL AS "hasDeltas"`);
  const [{ pending }] = hasDeltas ? await dbs.city.query(`SELECT count(*)::int AS pending FROM city.rollup_delta`) : [{ pending: 0 }];
  const drift = driftBetween(expected, actual);
  return {
    at: new Date(),
    unsent: outbox.unsent,
    unconfirmed: outbox.unconfirmed,
    outboxEvents: outbox.total,
    pendingDeltas: Number(pending),
    inboxEvents: inbox.total,
    drift,
    reconciliation,
    expectedCells: expected.size,
    actualCells: actual.size,
    settled: outbox.unsent === 0 && reconciled(reconciliation) && drift.length === 0,
  };
}

/** reconcile() found nothing: no total ≠ facts, no fact ≠ district, nothing behind, nothing in flight. */
export function reconciled(r: ReconciliationReport): boolean {
  return r.rollupCells.length === 0 && r.factMismatches.length === 0 && r.behind.length === 0 && r.inFlight === 0;
}

/** A few lines saying what is not settled, with a sample of the drift. */
export function describeState(s: SyncState, sample = 8): string {
  const lines = [
    `unsent outbox rows: ${s.unsent} (unconfirmed ${s.unconfirmed}, total ${s.outboxEvents}; inbox ${s.inboxEvents}; rollup deltas not folded yet ${s.pendingDeltas})`,
    `drift: ${s.drift.length} cell(s) of ${s.expectedCells} expected / ${s.actualCells} held`,
    `reconcile() (the worker's check, no grace): ${s.reconciliation.rollupCells.length} total(s) ≠ facts, ${s.reconciliation.factMismatches.length} fact(s) ≠ district, ` +
      `${s.reconciliation.behind.length} report(s) behind, ${s.reconciliation.inFlight} in flight`,
  ];
  for (const d of s.drift.slice(0, sample)) lines.push(`  ${d.cell}: expected ${d.expected}, city holds ${d.actual}`);
  for (const c of s.reconciliation.rollupCells.slice(0, sample))
    lines.push(`  reconcile(): ${c.cell} facts sum to ${c.expected}, totals hold ${c.actual}`);
  for (const m of s.reconciliation.factMismatches.slice(0, sample)) lines.push(`  reconcile(): ${m}`);
  if (s.reconciliation.behind.length) lines.push(`  reconcile(): behind e.g. ${s.reconciliation.behind.slice(0, sample).join(', ')}`);
  return lines.join('\n');
}

export interface SettledResult extends SyncState {
  waitedMs: number;
  polls: number;
}

/**
 * Polls until the sync has settled (`SyncState.settled`: no unsent outbox
 * row, reconcile() finds nothing, and the second opinion agrees). Throws with
 * a summary of the last look on timeout.
 */
export async function waitUntilSettled(options: { timeoutMs: number; intervalMs?: number; dbs?: SyncDatabases }): Promise<SettledResult> {
  const dbs = options.dbs ?? (await openSyncDatabases());
  const started = Date.now();
  let polls = 0;
  let last: SyncState | undefined;
  try {
    for (;;) {
      polls++;
      last = await syncState(dbs);
      if (last.settled) return { ...last, waitedMs: Date.now() - started, polls };
      if (Date.now() - started > options.timeoutMs) {
        throw new Error(`sync did not settle within ${options.timeoutMs} ms (${polls} looks); last look:\n${describeState(last)}`);
      }
      await sleep(options.intervalMs ?? 250);
    }
  } finally {
    if (!options.dbs) await dbs.close();
  }
}
