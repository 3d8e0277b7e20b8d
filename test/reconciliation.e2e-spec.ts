/**
 * The worker's own drift detector, end to end (issue 17, item 2). A real
 * sync-worker process runs its scheduled reconciliation every 250 ms with a
 * grace time of GRACE_MS; each kind of drift is made behind its back — a
 * fact whose figures differ from the district's, a fact lost, a total
 * nudged — and must show where an operator looks: the reconciliation section
 * of its /health and an error line in its log. The fault tests' "settled"
 * (test/support/sync.ts) must say "not settled" for each kind too.
 *
 * Own database and queue prefix (its keys deleted at the end): no other test
 * file's figures or worker can blur what this worker reports.
 */
import { reconcile, type ReconciliationSummary } from '@council/sync';
import type pg from 'pg';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { killAllChildren, sleep, startSyncWorker, type SyncWorkerProcess } from './support/processes.js';
import { RECONCILE_SEEN_SANITY_MS } from './support/sanity-bounds.js';
import { testClient } from './support/sql.js';
import { openSyncDatabases, type SyncDatabases, syncState } from './support/sync.js';

const EVERY_MS = 250;
/** How long a report may be in flight: many checks long, so a busy machine still sees it in flight first. */
const GRACE_MS = 4000;
const PERIOD = '2024Q1';
const METRIC = 'resolutions.issued';
const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id } }`;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let worker: SyncWorkerProcess;
let sql: pg.Client;
let dbs: SyncDatabases;
/** One filed report per kind of drift, so a sample naming it names that kind's report. */
const reports: Record<'figures' | 'lost' | 'rollup', { id: string; unitCode: string }> = {} as never;

/** The reconciliation section of the worker's /health, and the overall status. */
type Check = ReconciliationSummary & { status: string; at: string | null };

async function check(): Promise<Check | null> {
  const h = await worker.health();
  const r = h?.raw?.details?.reconciliation;
  return r ? { ...r, status: h!.status } : null;
}

/**
 * The worker's checks that began at or after `since` (this process's clock; the worker's is the same, TEST_CLOCK
 * moves both alike), read from /health until `done` holds or RECONCILE_SEEN_SANITY_MS passes. Returns every
 * distinct check seen, the last one last.
 */
async function checksFrom(since: number, done: (c: Check) => boolean): Promise<Check[]> {
  const seen: Check[] = [];
  const deadline = Date.now() + RECONCILE_SEEN_SANITY_MS;
  for (;;) {
    const c = await check();
    if (c?.at && Date.parse(c.at) >= since && c.at !== seen.at(-1)?.at) {
      seen.push(c);
      if (done(c)) return seen;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `within RECONCILE_SEEN_SANITY_MS=${RECONCILE_SEEN_SANITY_MS} ms the worker's checks never showed what was expected; ` +
          `checks seen: ${JSON.stringify(seen.slice(-3))}\nworker output:\n${worker.proc.tail(3000)}`,
      );
    }
    await sleep(50);
  }
}

/** The worker's log lines after `mark` that match `pattern`, once there is one (or [] after the sanity bound). */
async function logged(mark: number, pattern: RegExp): Promise<string[]> {
  const lines = () =>
    worker.proc
      .outputSince(mark)
      .split('\n')
      .filter((l) => pattern.test(l));
  return eventually(
    async () => lines(),
    (l) => l.length > 0,
    RECONCILE_SEEN_SANITY_MS,
    100,
  );
}

const DRIFT_LOG = /ERROR.*reconciliation: drift — (\d+) total\(s\) ≠ facts, (\d+) fact\(s\) ≠ district, (\d+) report\(s\) behind/;

async function transaction<T>(work: () => Promise<T>): Promise<T> {
  await sql.query('BEGIN');
  try {
    const result = await work();
    await sql.query('COMMIT');
    return result;
  } catch (e) {
    await sql.query('ROLLBACK');
    throw e;
  }
}

/**
 * Adds `figures` (metric → amount) to the totals under every scope and period a counting fact of `reportId` adds
 * to, as pending deltas (what the consumer writes): totals stay equal to the facts when a fact is changed or
 * removed with them, so only the check meant for that kind of drift can see it.
 */
async function moveTotals(reportId: string, figures: Record<string, number>): Promise<void> {
  await sql.query(
    `INSERT INTO city.rollup_delta (scope_code, level, period, metric_code, delta)
     SELECT DISTINCT s, f.unit_level, p, m.key, m.value::bigint
       FROM city.report_fact f, jsonb_each_text($2::jsonb) m,
            unnest(ARRAY[f.unit_code, f.district_code, f.root_code]) s, unnest(ARRAY[f.period, left(f.period, 4)]) p
      WHERE f.report_id = $1 AND f.counts AND s IS NOT NULL`,
    [reportId, JSON.stringify(figures)],
  );
}

/** Drift of the first kind: the city holds other figures than the district for a report at the same revision. Returns the undo. */
async function changeFactFigures(reportId: string, by: number): Promise<() => Promise<void>> {
  const shift = (amount: number) =>
    transaction(async () => {
      const { rowCount } = await sql.query(
        `UPDATE city.report_fact SET values = jsonb_set(values, ARRAY[$2], to_jsonb((values->>$2)::bigint + $3)) WHERE report_id = $1 AND values ? $2`,
        [reportId, METRIC, amount],
      );
      expect(rowCount).toBe(1);
      await moveTotals(reportId, { [METRIC]: amount });
    });
  await shift(by);
  return () => shift(-by);
}

/**
 * Drift of the second kind: a report whose latest change never reached the city — its fact removed (with its
 * share of the totals), and the district's report stamped as changed now, so it is in flight until the grace
 * time has passed. Returns the undo.
 */
async function loseFact(reportId: string): Promise<() => Promise<void>> {
  const fact = await transaction(async () => {
    const { rows } = await sql.query(`SELECT values FROM city.report_fact WHERE report_id = $1`, [reportId]);
    await moveTotals(reportId, Object.fromEntries(Object.entries(rows[0].values as Record<string, number>).map(([k, v]) => [k, -v])));
    const deleted = await sql.query(`DELETE FROM city.report_fact f WHERE report_id = $1 RETURNING row_to_json(f) AS row`, [reportId]);
    await sql.query(`UPDATE district.report SET updated_at = now() WHERE id = $1`, [reportId]);
    return deleted.rows[0].row as Record<string, unknown> & { values: Record<string, number> };
  });
  return () =>
    transaction(async () => {
      await sql.query(`INSERT INTO city.report_fact SELECT * FROM json_populate_record(NULL::city.report_fact, $1)`, [fact]);
      await moveTotals(reportId, fact.values);
    });
}

/** Drift of the third kind: a total changed behind the consumer's back. Returns the undo. */
async function nudgeRollup(cell: string, by: number): Promise<() => Promise<void>> {
  const [scope, level, period, metric] = cell.split('|');
  const nudge = async (amount: number) => {
    const { rowCount } = await sql.query(
      `UPDATE city.rollup SET value = value + $5 WHERE scope_code = $1 AND level = $2 AND period = $3 AND metric_code = $4`,
      [scope, level, period, metric, amount],
    );
    expect(rowCount).toBe(1);
  };
  await nudge(by);
  return () => nudge(-by);
}

/** Waits until the worker's checks are clean again (after an undo), so the next test starts from zero drift. */
async function clean(): Promise<Check> {
  return (await checksFrom(Date.now(), (c) => c.drift === 0 && c.inFlight === 0)).at(-1)!;
}

beforeAll(async () => {
  const env = assertTestEnvironment();
  db = await isolatedDatabase('recon');
  district = await startApp(DISTRICT_API);
  worker = await startSyncWorker({
    name: 'sync-worker (reconciliation)',
    redisUrl: env.redisUrl,
    // LOG_LEVEL=log: the clean checks' lines too, not only the drift errors.
    env: { RECONCILE_EVERY_MS: String(EVERY_MS), RECONCILE_GRACE_MS: String(GRACE_MS), LOG_LEVEL: 'log' },
  });
  await worker.waitReady(60_000);
  sql = testClient(db.url);
  await sql.connect();
  dbs = await openSyncDatabases();

  const token = await tokenFor(district.graphql, 'city');
  const file = async (unitCode: string, issued: number) => {
    const values = [
      { metric: METRIC, value: issued },
      { metric: 'sessions.thematic', value: 2 },
    ];
    const { submitReport } = await gqlOk(district.graphql, SUBMIT, { i: { unitCode, period: PERIOD, values } }, token);
    return { id: submitReport.id as string, unitCode };
  };
  [reports.figures, reports.lost, reports.rollup] = await Promise.all([file('00454', 7), file('00457', 9), file('017', 11)]);
}, 120_000);

afterAll(async () => {
  await killAllChildren();
  await Promise.all([dbs?.close(), sql?.end(), district?.close()]);
  await db?.restore();
});

describe("the sync worker's scheduled reconciliation", () => {
  it('reports no drift on /health once the filed reports have arrived, and logs it', async () => {
    const mark = worker.proc.outputMark();
    const last = await clean();
    expect(last).toMatchObject({ status: 'ok', drift: 0, rollupCells: 0, factMismatches: 0, behind: 0, inFlight: 0, sample: [] });
    expect((await logged(mark, /reconciliation: 0 drift \(0 report\(s\) in flight\)/)).length).toBeGreaterThan(0);
    expect(worker.proc.outputSince(mark)).not.toMatch(DRIFT_LOG);
  });

  it('finds a fact whose figures differ from the district’s (totals consistent with it): /health and the log', async () => {
    const mark = worker.proc.outputMark();
    const since = Date.now();
    const undo = await changeFactFigures(reports.figures.id, 5);
    try {
      const found = (await checksFrom(since, (c) => c.drift > 0)).at(-1)!;
      expect(found).toMatchObject({ drift: 1, factMismatches: 1, rollupCells: 0, behind: 0 });
      expect(found.sample).toEqual([expect.stringContaining(`${reports.figures.id}: city SUBMITTED/true {${METRIC}=12,`)]);
      const [line] = await logged(mark, DRIFT_LOG);
      expect(line?.match(DRIFT_LOG)?.slice(1)).toEqual(['0', '1', '0']);
      expect(line).toContain(reports.figures.id);
    } finally {
      await undo();
    }
    expect(await clean()).toMatchObject({ drift: 0 });
  });

  it(`counts a lost report as in flight within the grace time (${GRACE_MS} ms), then as behind: /health and the log`, async () => {
    const mark = worker.proc.outputMark();
    const since = Date.now();
    const undo = await loseFact(reports.lost.id);
    try {
      const checks = await checksFrom(since, (c) => c.behind > 0);
      const [first, found] = [checks[0], checks.at(-1)!];
      const afterMs = (c: Check) => Date.parse(c.at!) - since;
      // The worker checks every 250 ms: one that began well within the grace time must have seen it in flight.
      if (afterMs(first) > GRACE_MS / 2)
        throw new Error(
          `the worker's first check after the change began only ${afterMs(first)} ms later; too slow a machine to see "in flight" within ${GRACE_MS} ms`,
        );
      expect(first).toMatchObject({ drift: 0, behind: 0, inFlight: 1 });
      expect(checks.filter((c) => afterMs(c) < GRACE_MS - 500 && c.drift > 0)).toEqual([]);
      // Behind only once the grace time has passed (500 ms: the worker's query runs a little after its check began).
      expect(afterMs(found)).toBeGreaterThan(GRACE_MS - 500);
      expect(found).toMatchObject({
        drift: 1,
        behind: 1,
        inFlight: 0,
        rollupCells: 0,
        factMismatches: 0,
        sample: [`behind: ${reports.lost.id}`],
      });
      expect((await logged(mark, /reconciliation: 0 drift \(1 report\(s\) in flight\)/)).length).toBeGreaterThan(0);
      const [line] = await logged(mark, DRIFT_LOG);
      expect(line?.match(DRIFT_LOG)?.slice(1)).toEqual(['0', '0', '1']);
      expect(line).toContain(`behind: ${reports.lost.id}`);
    } finally {
      await undo();
    }
    expect(await clean()).toMatchObject({ drift: 0 });
  });

  it('finds a total nudged behind the consumer’s back: /health and the log', async () => {
    const cell = `${reports.rollup.unitCode}|DISTRICT|${PERIOD}|${METRIC}`;
    // The worker's compactor folds each delta into city.rollup right after it is written.
    const folded = await eventually(
      () => sql.query(`SELECT count(*)::int AS n FROM city.rollup_delta`).then((r) => r.rows[0].n as number),
      (n) => n === 0,
      RECONCILE_SEEN_SANITY_MS,
      100,
    );
    expect(folded).toBe(0);
    const mark = worker.proc.outputMark();
    const since = Date.now();
    const undo = await nudgeRollup(cell, 1);
    try {
      const found = (await checksFrom(since, (c) => c.drift > 0)).at(-1)!;
      expect(found).toMatchObject({ drift: 1, rollupCells: 1, factMismatches: 0, behind: 0, sample: [{ cell, expected: 11, actual: 12 }] });
      const [line] = await logged(mark, DRIFT_LOG);
      expect(line?.match(DRIFT_LOG)?.slice(1)).toEqual(['1', '0', '0']);
      expect(line).toContain(cell);
    } finally {
      await undo();
    }
    expect(await clean()).toMatchObject({ drift: 0 });
  });
});

describe('reconcile() on the real databases', () => {
  it('refuses a grace time that is negative or not a number', async () => {
    for (const graceMs of [-1, NaN, Infinity]) await expect(reconcile(dbs.district, dbs.city, graceMs)).rejects.toThrow(RangeError);
  });

  it('finds a fact ahead of the district’s revision, and one counting what the district does not', async () => {
    const { id } = reports.figures;
    const alter = (set: string, undo: string) => async () => {
      await sql.query(`UPDATE city.report_fact SET ${set} WHERE report_id = $1`, [id]);
      return () => sql.query(`UPDATE city.report_fact SET ${undo} WHERE report_id = $1`, [id]).then(() => undefined);
    };
    for (const [change, mismatch] of [
      [alter('revision = revision + 1', 'revision = revision - 1'), /city revision \d+ ahead of district \d+/],
      [alter('counts = false', 'counts = true'), new RegExp(`^${id}: city SUBMITTED/false .* ≠ district SUBMITTED`)],
    ] as const) {
      const undo = await change();
      const found = await reconcile(dbs.district, dbs.city, GRACE_MS).finally(undo);
      expect(found.factMismatches).toEqual([expect.stringMatching(mismatch)]);
      expect(found.behind).toEqual([]);
    }
    expect((await reconcile(dbs.district, dbs.city, 0)).factMismatches).toEqual([]);
  });
});

describe('the fault tests’ "settled" (test/support/sync.ts)', () => {
  it('says "not settled" for each kind of drift, naming it as the worker’s reconcile() does, and "settled" once undone', async () => {
    expect((await syncState(dbs)).settled).toBe(true);

    let undo = await changeFactFigures(reports.figures.id, 5);
    let state = await syncState(dbs).finally(undo);
    expect({
      settled: state.settled,
      factMismatches: state.reconciliation.factMismatches.length,
      rollupCells: state.reconciliation.rollupCells,
    }).toEqual({ settled: false, factMismatches: 1, rollupCells: [] });

    undo = await loseFact(reports.lost.id);
    state = await syncState(dbs).finally(undo);
    // No grace: a report the city has not caught up with is behind at once.
    expect({ settled: state.settled, behind: state.reconciliation.behind, factMismatches: state.reconciliation.factMismatches }).toEqual({
      settled: false,
      behind: [reports.lost.id],
      factMismatches: [],
    });

    undo = await nudgeRollup(`${reports.rollup.unitCode}|DISTRICT|${PERIOD}|${METRIC}`, 1);
    state = await syncState(dbs).finally(undo);
    expect({ settled: state.settled, rollupCells: state.reconciliation.rollupCells.map((c) => c.cell) }).toEqual({
      settled: false,
      rollupCells: [`${reports.rollup.unitCode}|DISTRICT|${PERIOD}|${METRIC}`],
    });

    expect(
      (
        await eventually(
          () => syncState(dbs),
          (s) => s.settled,
          RECONCILE_SEEN_SANITY_MS,
          100,
        )
      ).settled,
    ).toBe(true);
  });
});
