import { randomUUID } from 'node:crypto';

import { JobRegistry } from '@council/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { withEnv } from './support/redis-server.js';
import { ok, realisticValues, reviewReport, submitReport, valueList } from './support/reporting.js';
import { testClient } from './support/sql.js';

/**
 * A reaction that fails (the notification centre's table unreachable) while its event is applied: the city still counts
 * the returned report at once, the event's job succeeds at its first attempt and never reaches the dead letters, and
 * the reaction retries on its own until the notification is written, once. Before reactions were jobs of their own,
 * the event's job failed and retried with them.
 */
const WAIT_MS = 30_000;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let client: pg.Client;
let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;
let broken = false;

const queue = (name: string) => worker.app.get<Queue>(getQueueToken(name), { strict: false });
const notifications = async (table = 'notification') =>
  (await client.query(`SELECT count(*)::int AS n FROM notify.${table} WHERE kind = 'REPORT_RETURNED'`)).rows[0].n as number;

beforeAll(async () => {
  db = await isolatedDatabase('reactions');
  client = testClient(db.url);
  await client.connect();
  await withEnv({ REMINDER_DAYS_BEFORE: '', REMINDER_DAYS_AFTER: '' }, async () => {
    [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
  });
}, 120_000);

afterAll(async () => {
  if (broken) await client.query(`ALTER TABLE notify.notification_away RENAME TO notification`);
  await Promise.all([city?.close(), district?.close(), worker?.close()]);
  await client?.end();
  await db?.restore();
});

it('a failing reaction retries alone: the event is applied once and the notification written once it can be', async () => {
  const [clerk, reviewer] = [await tokenFor(district.graphql, 'w00457'), await tokenFor(district.graphql, 'd017')];
  const filed = ok(
    await submitReport(
      district.graphql,
      clerk,
      { unitCode: '00457', period: '2024Q1', values: valueList(realisticValues('WARD', 1)) },
      randomUUID(),
    ),
  ).submitReport;

  await client.query(`ALTER TABLE notify.notification RENAME TO notification_away`);
  broken = true;
  ok(await reviewReport(district.graphql, reviewer, filed.id, 'RETURN', 'Bổ sung số nghị quyết chuyên đề.'));
  const [event] = (
    await client.query(`SELECT id, payload FROM district.outbox_event WHERE type = 'ReportReturned' AND payload->>'reportId' = $1`, [
      filed.id,
    ])
  ).rows as { id: string; payload: unknown }[];

  // The city has applied the return: the report no longer counts, though its notification cannot be written.
  await eventually(
    async () => (await client.query(`SELECT status FROM city.report_fact WHERE report_id = $1`, [filed.id])).rows[0]?.status,
    (status) => status === 'RETURNED',
    WAIT_MS,
    200,
  );
  const [reaction] = worker.app.get(JobRegistry).reactionJobs('ReportReturned', event.id, event.payload);
  const failing = await eventually(
    async () => queue('reactions').getJob(reaction.jobId),
    (job) => (job?.attemptsMade ?? 0) >= 2,
    WAIT_MS,
    200,
  );
  expect(failing?.attemptsMade).toBeGreaterThanOrEqual(2);
  expect(failing!.failedReason).toMatch(/notify\.notification/);
  const applied = (await queue('to-city').getJob(event.id))!;
  expect(await applied.getState()).toBe('completed');
  expect(applied.stacktrace).toEqual([]);
  expect(await notifications('notification_away')).toBe(0);

  await client.query(`ALTER TABLE notify.notification_away RENAME TO notification`);
  broken = false;
  await eventually(
    async () => queue('reactions').getJobState(reaction.jobId),
    (state) => state === 'completed',
    WAIT_MS,
    200,
  );
  expect(await notifications()).toBe(1);
  expect(await queue('to-city').getFailedCount()).toBe(0);
  expect(await queue('reactions').getFailedCount()).toBe(0);
}, 120_000);
