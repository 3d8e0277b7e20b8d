import { randomUUID } from 'node:crypto';

import { previousQuarter, quarterAt, quarterStart, vietnamDate } from '@council/core';
import { ReportRemindersProcessor } from '@council/notifications';
import type pg from 'pg';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { closeApps, type RunningApp, startApp } from './support/apps.js';
import { vietnamDay } from './support/clock.js';
import { assertTestEnvironment } from './support/env.js';
import { eventually } from './support/eventually.js';
import { tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { killAllChildren, sleep, startSyncWorker, type SyncWorkerProcess } from './support/processes.js';
import { withEnv } from './support/redis-server.js';
import { ok, realisticValues, setDeadline, submitReport, valueList } from './support/reporting.js';
import { testClient } from './support/sql.js';

/**
 * Reminders exactly once across `kill -9`: sync-worker processes run the reminder job (every 2 s, a few councils per
 * transaction) and are killed with SIGKILL while it is writing; restarted, they finish it. Each council's reminder
 * of the quarter then exists once for each of its staff — none lost, none twice — and further runs add nothing.
 * The offsets make a reminder due whatever the date: the current quarter's due date is always 1–102 days away.
 * After the due date (REMINDER_DAYS_AFTER), a council that has not filed is REPORT_MISSING to it and the council above.
 */
const REMINDER_ENV = {
  REMINDER_EVERY_MS: '2000',
  REMINDER_DAYS_BEFORE: '120',
  REMINDER_DAYS_AFTER: '',
  REMINDER_BATCH_UNITS: '3',
};
/** Kills that landed while the run was writing (some reminders written, not all). */
const KILLS_MID_RUN = 3;
const WAIT_MS = 90_000;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let client: pg.Client;
let district: RunningApp | undefined;
let inProcessWorker: RunningApp | undefined;
const redisUrl = assertTestEnvironment().redisUrl;

beforeAll(async () => {
  db = await isolatedDatabase('reminders');
  client = testClient(db.url);
  await client.connect();
}, 60_000);

afterAll(async () => {
  await killAllChildren();
  await closeApps(district, inProcessWorker);
  await client?.end();
  await db?.restore();
});

const quarter = quarterAt(new Date());
const current = quarter.code;
const written = async (): Promise<number> =>
  (await client.query(`SELECT count(*)::int AS n FROM notify.notification WHERE kind = 'QUARTER_DUE_SOON' AND period = $1`, [current]))
    .rows[0].n;

/** Staff of every council of the current quarter (none has filed it in this database): each is reminded once. */
async function expected(): Promise<number> {
  const asOf = vietnamDate(quarterStart(quarter));
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM auth.user_account u
      WHERE u.active AND u.role::text IN ('WARD_STAFF', 'DISTRICT_STAFF', 'CITY_STAFF')
        AND u.unit_code IN (SELECT code FROM hierarchy.council_unit
                             WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)
                               AND council_from <= $1 AND (council_to IS NULL OR council_to > $1))`,
    [asOf],
  );
  return rows[0].n;
}

const worker = (n: number): Promise<SyncWorkerProcess> => startSyncWorker({ name: `reminders-${n}`, redisUrl, env: REMINDER_ENV });

it('writes each reminder exactly once although workers are killed with SIGKILL mid-run', async () => {
  const total = await expected();
  expect(total).toBeGreaterThan(400);
  let midRun = 0;
  for (let n = 0; midRun < KILLS_MID_RUN && n < 30; n++) {
    const w = await worker(n);
    const before = await written();
    // Killed as soon as this worker has written something of its run.
    await eventually(written, (count) => count > before || !w.alive, WAIT_MS, 10);
    await w.kill();
    const after = await written();
    if (after > before && after < total) midRun++;
    if (after === total) break;
  }
  expect(midRun).toBeGreaterThan(0);

  const last = await worker(99);
  await eventually(written, (count) => count >= total, WAIT_MS, 200);
  // A few more runs of the schedule add nothing.
  await sleep(6000);
  expect(await written()).toBe(total);
  await last.kill();

  const { rows: twice } = await client.query(
    `SELECT user_id, unit_code, count(*)::int AS n FROM notify.notification WHERE kind = 'QUARTER_DUE_SOON' AND period = $1
      GROUP BY user_id, unit_code HAVING count(*) > 1`,
    [current],
  );
  expect(twice).toEqual([]);
  const { rows: sample } = await client.query(
    `SELECT n.title_vi, n.body_vi, n.link FROM notify.notification n JOIN auth.user_account u ON u.id = n.user_id
      WHERE u.username = 'w00457' AND n.period = $1`,
    [current],
  );
  expect(sample).toHaveLength(1);
  expect(sample[0].body_vi).toMatch(/^Xã Xuân Nộn chưa gửi báo cáo Quý [IV]+\/\d{4}; hạn gửi là ngày \d\d\/\d\d\/\d{4}\.$/);
  expect(sample[0].link).toBe(`/reports/00457/${current}`);
}, 600_000);

describe('after the due date', () => {
  /** Last quarter, its due date set to yesterday: one day late whatever the clock, the 1-day reminder after it is due. */
  const period = previousQuarter(quarter);
  const asOf = vietnamDate(quarterStart(period));
  const UNFILED = '00457';
  const staffOf = async (codes: string[]): Promise<string[]> =>
    (
      await client.query(
        `SELECT id FROM auth.user_account WHERE active AND role::text IN ('WARD_STAFF', 'DISTRICT_STAFF', 'CITY_STAFF') AND unit_code = ANY($1) ORDER BY id`,
        [codes],
      )
    ).rows.map((r) => r.id as string);
  const missingFor = async (unitCode: string): Promise<{ user_id: string; n: number; title_vi: string; body_vi: string }[]> =>
    (
      await client.query(
        `SELECT user_id, count(*)::int AS n, min(title_vi) AS title_vi, min(body_vi) AS body_vi FROM notify.notification
          WHERE kind = 'REPORT_MISSING' AND period = $1 AND unit_code = $2 GROUP BY user_id ORDER BY user_id`,
        [period.code, unitCode],
      )
    ).rows;

  it('tells a council that has not filed and the council above, once across two runs; not a council that filed', async () => {
    const { rows: units } = await client.query(
      `SELECT code, parent_code FROM hierarchy.council_unit
        WHERE level = 'WARD' AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) AND council_from <= $1 AND (council_to IS NULL OR council_to > $1)
          AND code IN ($2::varchar, (SELECT min(unit_code) FROM auth.user_account WHERE role = 'WARD_STAFF' AND unit_code <> $2::varchar))`,
      [asOf, UNFILED],
    );
    const unfiled = units.find((u) => u.code === UNFILED)!;
    const filed = units.find((u) => u.code !== UNFILED)!;
    expect(unfiled.parent_code).toEqual(expect.any(String));

    district = await startApp(DISTRICT_API);
    ok(await setDeadline(district.graphql, await tokenFor(district.graphql, 'admin'), period.code, vietnamDay(-1)));
    ok(
      await submitReport(
        district.graphql,
        await tokenFor(district.graphql, `w${filed.code}`),
        { unitCode: filed.code, period: period.code, values: valueList(realisticValues('WARD', 11)) },
        randomUUID(),
      ),
    );
    inProcessWorker = await withEnv({ REMINDER_DAYS_BEFORE: '', REMINDER_DAYS_AFTER: '1', REMINDER_EVERY_MS: String(86_400_000) }, () =>
      startApp(SYNC_WORKER),
    );
    const reminders = inProcessWorker.app.get(ReportRemindersProcessor);
    await reminders.run();
    const first = await missingFor(UNFILED);
    // The run the schedule starts with may have written them already: the second explicit run writes nothing either way.
    expect(await reminders.run()).toBe(0);
    expect(await missingFor(UNFILED)).toEqual(first);

    const recipients = await staffOf([UNFILED, unfiled.parent_code]);
    expect((await staffOf([unfiled.parent_code])).length).toBeGreaterThan(0);
    expect(first.map((r) => r.user_id)).toEqual(recipients);
    expect(first.every((r) => r.n === 1)).toBe(true);
    expect(first[0].title_vi).toMatch(/^Xã Xuân Nộn chưa gửi báo cáo Quý [IV]+\/\d{4}$/);
    expect(first[0].body_vi).toMatch(/^Đã quá hạn \d\d\/\d\d\/\d{4} 1 ngày mà Xã Xuân Nộn chưa gửi báo cáo Quý [IV]+\/\d{4}\.$/);
    expect(await missingFor(filed.code)).toEqual([]);
  }, 120_000);
});
