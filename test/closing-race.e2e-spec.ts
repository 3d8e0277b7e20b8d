import pg from 'pg';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { gql, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { councilWards, realisticValues, valueList } from './support/reporting.js';

/**
 * Closing a quarter while its reports are being changed: Đông Anh's communes submit and save drafts from many requests
 * at once while city staff close the quarter (for Đông Anh, or city-wide). What a user would notice must hold: every
 * change answered with success committed before the closure, every one after it was refused with PERIOD_CLOSED, and no
 * change is stored that the closure did not precede. Times are compared on PostgreSQL's clock only (the audit entry's
 * `at` and the closure's `recorded_at`, both clock_timestamp()); the apps' clock (faked under TEST_CLOCK) only orders
 * this file's own requests against the close call.
 */
const DISTRICT = '017';
const COMMUNES = councilWards(DISTRICT);
/** The last few communes only save drafts (a submitted report takes no draft); the others submit, again and again. */
const DRAFTING = new Set(COMMUNES.slice(-6));
const WORKERS = 12;
const ROUNDS: { period: string; scope: string | null }[] = [
  { period: '2023Q1', scope: DISTRICT },
  { period: '2023Q2', scope: null },
  { period: '2023Q3', scope: DISTRICT },
  { period: '2023Q4', scope: null },
  { period: '2024Q1', scope: DISTRICT },
  { period: '2024Q2', scope: null },
];

const SAVE = `mutation($i: ReportInput!) { saveReport(input: $i) { id status } }`;
const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id version } }`;
const CLOSE = `mutation($p: String!, $s: String) { closeQuarter(period: $p, scopeCode: $s) { id } }`;

interface Outcome {
  kind: 'SUBMIT' | 'SAVE_DRAFT';
  unit: string;
  /** Sent after the close call had returned (this process's clock, compared only with itself). */
  afterClose: boolean;
  res: GraphQLResponse;
}

let district: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let pool: pg.Pool;
const token: Record<string, string> = {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = await isolatedDatabase('closing_race');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  district = await startApp(DISTRICT_API);
  for (const u of ['d017', 'city']) token[u] = await tokenFor(district.graphql, u);
}, 120_000);

afterAll(async () => {
  await district?.close();
  await pool?.end();
  await db?.restore();
});

/** Changes from WORKERS requests at a time until told to stop; the close call lands in the middle. */
async function race(period: string, scope: string | null, leadMs: number) {
  const outcomes: Outcome[] = [];
  let closed = false;
  let stop = false;
  let next = 0;
  const work = async () => {
    while (!stop) {
      const n = next++;
      const unit = COMMUNES[n % COMMUNES.length];
      const kind = DRAFTING.has(unit) ? 'SAVE_DRAFT' : 'SUBMIT';
      const afterClose = closed;
      const input = { unitCode: unit, period, values: valueList(realisticValues('WARD', n + 1)) };
      const res = await gql(district.graphql, kind === 'SUBMIT' ? SUBMIT : SAVE, { i: input }, token.d017);
      outcomes.push({ kind, unit, afterClose, res });
    }
  };
  const workers = Array.from({ length: WORKERS }, work);
  // Close once changes are going through (the first round's requests warm the app up), then a little later each round.
  while (outcomes.filter((o) => !o.res.errors).length < WORKERS) await sleep(10);
  await sleep(leadMs);
  const close = await gql(district.graphql, CLOSE, { p: period, s: scope }, token.city);
  closed = true;
  await sleep(200);
  stop = true;
  await Promise.all(workers);
  return { close, outcomes };
}

describe('closing a quarter while its reports change', () => {
  it.each(ROUNDS.map((r, i) => ({ ...r, round: i + 1 })))(
    'round $round: $period closed (scope $scope) amid concurrent changes — each change commits before the closure or is refused',
    async ({ period, scope, round }) => {
      const { close, outcomes } = await race(period, scope, 20 * round);
      expect(close.errors).toBeUndefined();

      const unexpected = outcomes.filter((o) => o.res.errors && o.res.errors[0]?.extensions?.code !== 'PERIOD_CLOSED');
      expect(unexpected.map((o) => o.res.errors)).toEqual([]);
      const ok = outcomes.filter((o) => !o.res.errors);
      const refused = outcomes.filter((o) => o.res.errors);
      for (const o of refused) expect(o.res.errors![0].extensions?.field).toBe('input.period');
      // Sent once the closing was answered: refused, every one.
      expect(outcomes.filter((o) => o.afterClose && !o.res.errors).map((o) => o.unit)).toEqual([]);
      // The race is real: changes went in before the closing and were refused after it.
      expect(ok.length).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);

      const [{ recorded }] = (
        await pool.query<{ recorded: Date }>(`SELECT max(recorded_at) AS recorded FROM district.quarter_closure WHERE period = $1`, [
          period,
        ])
      ).rows;
      const audits = (
        await pool.query<{ action: string; reportId: string; version: number | null; before: boolean }>(
          `SELECT action, report_id AS "reportId", version, at < $2 AS before FROM district.audit_log
            WHERE period = $1 AND action IN ('SUBMIT', 'SAVE_DRAFT')`,
          [period, recorded],
        )
      ).rows;
      // No change stored after the closure was recorded (database clock on both sides).
      expect(audits.filter((a) => !a.before)).toEqual([]);

      // Every version answered with success is stored, and nothing else is.
      const submitted = ok
        .filter((o) => o.kind === 'SUBMIT')
        .map((o) => `${o.res.data.submitReport.id}:${o.res.data.submitReport.version}`)
        .sort();
      expect(
        audits
          .filter((a) => a.action === 'SUBMIT')
          .map((a) => `${a.reportId}:${a.version}`)
          .sort(),
      ).toEqual(submitted);
      const { rows: versions } = await pool.query<{ key: string }>(
        `SELECT v.report_id || ':' || v.version AS key FROM district.report_version v JOIN district.report r ON r.id = v.report_id
          WHERE r.period = $1`,
        [period],
      );
      expect(versions.map((v) => v.key).sort()).toEqual(submitted);
      // And every draft answered with success, and only those.
      expect(audits.filter((a) => a.action === 'SAVE_DRAFT').length).toBe(ok.filter((o) => o.kind === 'SAVE_DRAFT').length);
    },
    60_000,
  );
});
