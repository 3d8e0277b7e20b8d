import { quarterAt, quarterStart, vietnamDate } from '@council/core';
import pg from 'pg';

import { assertTestEnvironment } from './support/env.js';
import { eventually } from './support/eventually.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { killAllChildren, sleep, startSyncWorker, type SyncWorkerProcess } from './support/processes.js';

/**
 * Reminders exactly once across `kill -9`: sync-worker processes run the reminder job (every 2 s, a few councils per
 * transaction) and are killed with SIGKILL while it is writing; restarted, they finish it. Each council's reminder
 * of the quarter then exists once for each of its staff — none lost, none twice — and further runs add nothing.
 * The offsets make a reminder due whatever the date: the current quarter's due date is always 1–102 days away.
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
const redisUrl = assertTestEnvironment().redisUrl;

beforeAll(async () => {
  db = await isolatedDatabase('reminders');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
}, 60_000);

afterAll(async () => {
  await killAllChildren();
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
