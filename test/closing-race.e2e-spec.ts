import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { closeApps, type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { gql, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { councilWards, realisticValues, valueList } from './support/reporting.js';
import { SANITY_VISIBLE_MS } from './support/sanity-bounds.js';
import { testPool } from './support/sql.js';

/**
 * Closing a quarter while its reports are being changed: Đông Anh's communes submit and save drafts from many requests
 * at once while city staff close the quarter (for Đông Anh, or city-wide). What a user would notice must hold: every
 * change answered with success committed before the closure, every one after it was refused with PERIOD_CLOSED, and no
 * change is stored that the closure did not precede. Times are compared on PostgreSQL's clock only (the audit entry's
 * `at` and the closure's `recorded_at`, both clock_timestamp()); the apps' clock (faked under TEST_CLOCK) only orders
 * this file's own requests against the close call.
 *
 * The same race a second way: the city's briefing for the quarter marked held at city-api, which closes the quarter
 * city-wide through the outbox, the QuarterClosed job and the sync worker (`ClosingService.applyClosed`). There the
 * closure lands some time after the mutation is answered, so only changes sent once the closure is seen recorded must
 * be refused; the ones in between may go either way, each on the right side of `recorded_at`.
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
/**
 * Quarters closed by a briefing marked held: city-wide, each a quarter of its own (a closure is per quarter). Like the
 * rounds above, all of the district era (2021Q3–2024Q4), when Đông Anh's communes were filed by Đông Anh.
 */
const MEETING_ROUNDS = ['2021Q3', '2021Q4', '2022Q1', '2022Q2', '2022Q3', '2022Q4'];

const SAVE = `mutation($i: ReportInput!) { saveReport(input: $i) { id status } }`;
const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id version } }`;
const CLOSE = `mutation($p: String!, $s: String) { closeQuarter(period: $p, scopeCode: $s) { id } }`;
const CREATE_MEETING = `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`;
const MARK_HELD = `mutation($id: ID!) { markBriefingMeetingHeld(id: $id) { id heldAt } }`;

interface Outcome {
  kind: 'SUBMIT' | 'SAVE_DRAFT';
  unit: string;
  /**
   * Sent once the closure was in force: the close call answered, or the held meeting's closure seen recorded (this
   * process's clock, compared only with itself).
   */
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
  pool = testPool(db.url, 2);
  district = await startApp(DISTRICT_API);
  for (const u of ['d017', 'city']) token[u] = await tokenFor(district.graphql, u);
}, 120_000);

afterAll(async () => {
  await district?.close();
  await pool?.end();
  await db?.restore();
});

/**
 * Changes from WORKERS requests at a time until told to stop; the closing lands in the middle. `close` resolves once
 * the closure is in force on the district side; changes sent after that are marked `afterClose`.
 */
async function race<T>(period: string, close: () => Promise<T>, leadMs: number) {
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
  const closing = await close();
  closed = true;
  await sleep(200);
  stop = true;
  await Promise.all(workers);
  return { closing, outcomes };
}

/**
 * What a user would notice, for one round: every change refused was refused as closed, none sent after the closure was
 * in force went through, every one that went through was stored before the closure was recorded (PostgreSQL's clock),
 * and nothing else was stored.
 */
async function expectOrdered(period: string, outcomes: Outcome[]): Promise<void> {
  const unexpected = outcomes.filter((o) => o.res.errors && o.res.errors[0]?.extensions?.code !== 'PERIOD_CLOSED');
  expect(unexpected.map((o) => o.res.errors)).toEqual([]);
  const ok = outcomes.filter((o) => !o.res.errors);
  const refused = outcomes.filter((o) => o.res.errors);
  for (const o of refused) expect(o.res.errors![0].extensions?.field).toBe('input.period');
  // Sent once the closure was in force: refused, every one.
  expect(outcomes.filter((o) => o.afterClose && !o.res.errors).map((o) => o.unit)).toEqual([]);
  // The race is real: changes went in before the closing and were refused after it.
  expect(ok.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);

  const [{ recorded }] = (
    await pool.query<{ recorded: Date }>(`SELECT max(recorded_at) AS recorded FROM district.quarter_closure WHERE period = $1`, [period])
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
}

describe('closing a quarter while its reports change', () => {
  it.each(ROUNDS.map((r, i) => ({ ...r, round: i + 1 })))(
    'round $round: $period closed (scope $scope) amid concurrent changes — each change commits before the closure or is refused',
    async ({ period, scope, round }) => {
      const { closing, outcomes } = await race(period, () => gql(district.graphql, CLOSE, { p: period, s: scope }, token.city), 20 * round);
      expect(closing.errors).toBeUndefined();
      await expectOrdered(period, outcomes);
    },
    60_000,
  );
});

describe('a briefing marked held while its quarter’s reports change', () => {
  let city: RunningApp | undefined;
  let worker: RunningApp | undefined;
  let cityToken: string;

  beforeAll(async () => {
    [city, worker] = await Promise.all([startApp(CITY_API), startApp(SYNC_WORKER)]);
    cityToken = await tokenFor(city.graphql, 'city');
  }, 120_000);

  afterAll(() => closeApps(city, worker));

  /** The closure the held meeting's QuarterClosed recorded on the district side, if the worker has applied it yet. */
  const closureOf = async (period: string, source: string) =>
    (
      await pool.query<{ scopeCode: string; closedBy: string }>(
        `SELECT scope_code AS "scopeCode", closed_by AS "closedBy" FROM district.quarter_closure WHERE period = $1 AND source = $2`,
        [period, source],
      )
    ).rows;

  it.each(MEETING_ROUNDS.map((period, i) => ({ period, round: i + 1 })))(
    'round $round: the city’s $period briefing marked held amid concurrent changes — each change commits before the closure or is refused',
    async ({ period, round }) => {
      const [year, quarter] = [Number(period.slice(0, 4)), Number(period.slice(5))];
      const created = await gql(
        city!.graphql,
        CREATE_MEETING,
        { i: { period, title: `Giao ban ${period}`, startsAt: new Date(Date.UTC(year, 3 * quarter, 15, 1, 30)).toISOString() } },
        cityToken,
      );
      expect(created.errors).toBeUndefined();
      const id: string = created.data.createBriefingMeeting.id;
      const source = `meeting:${id}`;

      // In force once the worker has recorded it: the mutation's answer only says the event is in the city's outbox.
      const { closing, outcomes } = await race(
        period,
        async () => {
          const held = await gql(city!.graphql, MARK_HELD, { id }, cityToken);
          const closures = await eventually(
            () => closureOf(period, source),
            (c) => c.length > 0,
            SANITY_VISIBLE_MS,
            5,
          );
          return { held, closures };
        },
        20 * round,
      );
      expect(closing.held.errors).toBeUndefined();
      expect(closing.closures).toEqual([{ scopeCode: '01', closedBy: 'city' }]);
      await expectOrdered(period, outcomes);
    },
    60_000,
  );
});
