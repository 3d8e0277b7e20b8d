import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { projectRoot } from '@council/database';
import { type OutboxRelay, OutboxRelays, QUEUES } from '@council/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { operatorHeaders } from './support/health.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { testClient } from './support/sql.js';

/**
 * An event the city side cannot apply (a poison message) must not vanish in
 * silence nor hold anything up: its job is retried with growing delays, then
 * kept as a dead letter that the worker's /health shows with its error; other
 * reports flow past it; and however many dead letters pile up, the relay's
 * checks still find events that Redis lost.
 *
 * This file has its own database and its own queue prefix (its keys deleted
 * at the end): the fault tests must not see its dead letters.
 */

const run = promisify(execFile);
const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id version } }`;
const STATS = `query($q: StatisticsQuery!) { statistics(query: $q) { rows { value } } }`;

let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let client: pg.Client;
let toCity: Queue;

beforeAll(async () => {
  db = await isolatedDatabase('dead_letters');
  [district, city, worker] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(SYNC_WORKER)]);
  client = testClient(db.url);
  await client.connect();
  toCity = worker.app.get<Queue>(getQueueToken('to-city'), { strict: false });
}, 60_000);

afterAll(async () => {
  await client?.end();
  await Promise.all([district?.close(), city?.close(), worker?.close()]);
  await db?.restore();
});

/** A snapshot the consumer cannot apply: its report id is not a uuid (PostgreSQL refuses the cast, every time). */
function poisonSnapshot(): Record<string, unknown> {
  return {
    reportId: 'not-a-uuid',
    unitCode: '001',
    unitLevel: 'DISTRICT',
    rootCode: '01',
    districtCode: '001',
    period: '2024Q1',
    version: 1,
    revision: 1,
    status: 'SUBMITTED',
    counts: true,
    values: { 'resolutions.issued': 5 },
    late: false,
    dueDate: '2024-04-05',
    firstSubmittedAt: null,
    submittedAt: '2024-04-01T01:00:00.000Z',
    changedAt: '2024-04-01T01:00:00.000Z',
  };
}

async function insertOutboxEvent(payload: unknown, sent?: { sentAgoMs: number; dueAgoMs: number }): Promise<string> {
  const id = randomUUID();
  // Ages are taken from PostgreSQL's clock, the one the relay compares them with (under TEST_CLOCK this
  // process's clock is moved and the database's is not).
  await client.query(
    `INSERT INTO district.outbox_event (id, type, aggregate_id, payload, created_at, sent_at, send_attempts, recheck_at)
     VALUES ($1, 'ReportSubmitted', 'dead-letter-test', $2, now(),
             now() - make_interval(secs => $3::float8 / 1000), $4, now() - make_interval(secs => $5::float8 / 1000))`,
    sent ? [id, JSON.stringify(payload), sent.sentAgoMs, 1, sent.dueAgoMs] : [id, JSON.stringify(payload), null, 0, null],
  );
  return id;
}

async function outboxRow(
  id: string,
): Promise<{ sent_at: Date | null; send_attempts: number; confirmed_at: Date | null; recheck_at: Date | null }> {
  const { rows } = await client.query(`SELECT sent_at, send_attempts, confirmed_at, recheck_at FROM district.outbox_event WHERE id = $1`, [
    id,
  ]);
  return rows[0];
}

async function workerHealth(): Promise<{ status: number; body: { details: Record<string, Record<string, unknown>> } }> {
  const res = await fetch(`${worker.url}/health`, { headers: operatorHeaders() });
  return { status: res.status, body: (await res.json()) as { details: Record<string, Record<string, unknown>> } };
}

async function resolutionsIssued(unitCode: string): Promise<number> {
  const token = await tokenFor(city.graphql, 'city');
  const data = await gqlOk<{ statistics: { rows: { value: number }[] } }>(
    city.graphql,
    STATS,
    {
      q: { periods: ['2024Q1'], metrics: ['resolutions.issued'], scope: unitCode, groupBy: [] },
    },
    token,
  );
  return data.statistics.rows[0]?.value ?? 0;
}

/**
 * Follows an event's job through its attempts until it is a dead letter, and returns the backoff delay of
 * each retry. Each retry waits its backoff in "delayed": the test promotes it rather than wait (minutes in all).
 */
async function untilDeadLetter(jobId: string): Promise<number[]> {
  const delays: number[] = [];
  for (;;) {
    const seen = await eventually(
      async () => {
        const job = await toCity.getJob(jobId);
        return { job, state: job ? await job.getState() : 'unknown' };
      },
      ({ job, state }) => job?.attemptsMade === delays.length + 1 && (state === 'delayed' || state === 'failed'),
      10_000,
      20,
    );
    expect(seen.job?.attemptsMade).toBe(delays.length + 1);
    if (seen.state === 'failed') return delays;
    expect(seen.state).toBe('delayed');
    delays.push(Number((seen.job as Job).delay));
    await seen.job!.promote();
  }
}

/** The operators' command (`npm run dead-letters`), as built, against this file's queues. */
async function deadLettersCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(projectRoot(), 'dist/libs/messaging/src/dead-letters.cli.js'), ...args], {
    env: process.env,
  });
  return stdout;
}

function districtRelay(): OutboxRelay {
  return worker.app.get(OutboxRelays).relays.find((r) => r.side === 'district')!;
}

describe('a job that keeps failing', () => {
  let poisonId: string;

  it('is retried with exponentially growing delays, then kept as a dead letter that /health shows with its error', async () => {
    poisonId = await insertOutboxEvent(poisonSnapshot());
    const attempts = QUEUES['to-city'].jobs.attempts;
    const delays = await untilDeadLetter(poisonId);
    expect(delays).toEqual(Array.from({ length: attempts - 1 }, (_, i) => 200 * 2 ** i));

    const dead = (await toCity.getJob(poisonId))!;
    expect(dead.attemptsMade).toBe(attempts);
    expect(dead.failedReason).toMatch(/uuid/);

    // Visible, not silent: /health lists it with its error (and says the worker is otherwise fine).
    const health = await workerHealth();
    expect(health.status).toBe(200);
    const queue = health.body.details.queues['to-city'] as {
      failed: number;
      deadLetters: { id: string; error: string; attempts: number }[];
    };
    expect(queue.failed).toBe(1);
    expect(queue.deadLetters).toEqual([expect.objectContaining({ id: poisonId, attempts, error: expect.stringMatching(/uuid/) })]);
  });

  it('holds nothing up, and is neither confirmed nor sent again by the relay', async () => {
    const token = await tokenFor(district.graphql, 'd001');
    await gqlOk(
      district.graphql,
      SUBMIT,
      { i: { unitCode: '001', period: '2024Q1', values: [{ metric: 'resolutions.issued', value: 7 }] } },
      token,
    );
    expect(
      await eventually(
        () => resolutionsIssued('001'),
        (v) => v === 7,
      ),
    ).toBe(7);

    await client.query(`UPDATE district.outbox_event SET recheck_at = now() WHERE id = $1`, [poisonId]);
    await districtRelay().recheck();
    const row = await outboxRow(poisonId);
    expect(row.confirmed_at).toBeNull();
    expect(row.send_attempts).toBe(1);
    // Looked at again in a minute, not at every check (by the database's clock, which the relay uses).
    const { rows } = await client.query(
      `SELECT extract(epoch FROM recheck_at - now()) AS due_in FROM district.outbox_event WHERE id = $1`,
      [poisonId],
    );
    expect(Number(rows[0].due_in)).toBeGreaterThan(30);
    expect(await toCity.getJobState(poisonId)).toBe('failed');
  });
});

describe('a dead letter, once its cause is fixed', () => {
  it('is listed for operators, sent round again by `npm run dead-letters -- retry`, and counted once', async () => {
    // The city side refuses Hoàn Kiếm's figures for a while (as a full disk or a bad migration would).
    await client.query(`ALTER TABLE city.report_fact ADD CONSTRAINT dead_letter_test CHECK (unit_code <> '002')`);
    const token = await tokenFor(district.graphql, 'd002');
    let eventId: string;
    try {
      await gqlOk(
        district.graphql,
        SUBMIT,
        { i: { unitCode: '002', period: '2024Q1', values: [{ metric: 'resolutions.issued', value: 4 }] } },
        token,
      );
      const { rows } = await client.query(`SELECT id FROM district.outbox_event WHERE payload->>'unitCode' = '002'`);
      expect(rows).toHaveLength(1);
      eventId = rows[0].id;
      await untilDeadLetter(eventId);
      expect(await resolutionsIssued('002')).toBe(0);

      const listed = await deadLettersCli('list');
      expect(listed).toContain('dead letters: 2');
      expect(listed).toMatch(new RegExp(`to-city\\t${eventId}\\tReportSubmitted\\t10 lần thử / attempts\\t.*dead_letter_test`));
    } finally {
      await client.query(`ALTER TABLE city.report_fact DROP CONSTRAINT dead_letter_test`);
    }

    expect(await deadLettersCli('retry', eventId)).toContain('1 dead letter(s) sent round again');
    expect(
      await eventually(
        () => resolutionsIssued('002'),
        (v) => v === 4,
      ),
    ).toBe(4);
    expect(await toCity.getJobState(eventId)).toBe('completed');
    // Nothing left to retry for it; the poison event of the first test is still a dead letter.
    expect(await deadLettersCli('retry', eventId)).toContain('0 dead letter(s)');
    expect(await deadLettersCli('list')).toContain('dead letters: 1');
    // The relay confirms it at its next look, and it still counts once.
    await client.query(`UPDATE district.outbox_event SET recheck_at = now() WHERE id = $1`, [eventId]);
    await districtRelay().recheck();
    expect((await outboxRow(eventId)).confirmed_at).not.toBeNull();
    expect(await resolutionsIssued('002')).toBe(4);
  });
});

describe('dead letters piling up', () => {
  it('cannot crowd out the relay’s checks: an event Redis lost behind them is still sent again', async () => {
    // The relay's own timers stop here: the test drives its checks, two events at a time.
    const relay = districtRelay();
    await relay.stop();

    // Three dead letters, sent long ago and due for a check…
    const dead: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await insertOutboxEvent(poisonSnapshot(), { sentAgoMs: 3_600_000, dueAgoMs: 3_600_000 });
      await toCity.add('ReportSubmitted', { eventId: id, type: 'ReportSubmitted', payload: poisonSnapshot() }, { jobId: id, attempts: 1 });
      dead.push(id);
    }
    for (const id of dead)
      expect(
        await eventually(
          () => toCity.getJobState(id),
          (s) => s === 'failed',
        ),
      ).toBe('failed');

    // …and behind them a correction of 001's report that was sent but whose job Redis no longer has.
    const { rows } = await client.query(
      `SELECT payload FROM district.outbox_event WHERE aggregate_id <> 'dead-letter-test' AND payload->>'unitCode' = '001' ORDER BY created_at DESC LIMIT 1`,
    );
    const snapshot = rows[0].payload as { revision: number; version: number; values: Record<string, number> };
    const lost = await insertOutboxEvent(
      { ...snapshot, version: snapshot.version + 1, revision: snapshot.revision + 1, values: { 'resolutions.issued': 9 } },
      { sentAgoMs: 10_000, dueAgoMs: 5_000 },
    );
    expect(await toCity.getJobState(lost)).toBe('unknown');

    const resentBefore = relay.stats.resent;
    for (let i = 0; i < 3; i++) await relay.recheck(2);
    expect(relay.stats.resent - resentBefore).toBe(1);
    expect((await outboxRow(lost)).send_attempts).toBe(2);
    expect(
      await eventually(
        () => resolutionsIssued('001'),
        (v) => v === 9,
      ),
    ).toBe(9);
    // The dead letters were each looked at, and not sent again.
    for (const id of dead) expect(await outboxRow(id)).toMatchObject({ send_attempts: 1, confirmed_at: null });
  });
});
