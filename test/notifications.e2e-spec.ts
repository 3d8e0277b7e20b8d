import { randomUUID } from 'node:crypto';

import { JobRegistry } from '@council/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { vietnamDay } from './support/clock.js';
import { eventually } from './support/eventually.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { withEnv } from './support/redis-server.js';
import { ok, realisticValues, reviewReport, submitReport, valueList } from './support/reporting.js';
import { testClient } from './support/sql.js';
import { follow, type Followed } from './support/subscription.js';

/**
 * The notification centre end to end: a district returns a commune's report and issues a directive, the worker reacts
 * to the events they carry, and the right people's bells ring live on city-api — nobody else's. Read state, the
 * preferences, a redelivered event, bad input.
 */
const PERIOD = '2024Q1';
const WAIT_MS = 30_000;
const BADGE = `subscription { notificationBadge { unread latest { id kind title body link unitCode period } } }`;
const LIST = `query($u: Boolean, $f: Int, $a: String) { notifications(unreadOnly: $u, first: $f, after: $a) {
  items { id kind title titleEn body bodyEn link unitCode period createdAt readAt } endCursor hasMore } }`;
const COUNT = `{ unreadNotificationCount }`;
const MARK = `mutation($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }`;
const PREFS = `{ notificationPreferences { kind label labelEn inApp email } }`;
const SET_PREFS = `mutation($p: [NotificationPreferenceInput!]!) { setNotificationPreferences(preferences: $p) { kind inApp email } }`;
const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`;

interface Badge {
  notificationBadge: { unread: number; latest: { id: string; kind: string; title: string; body: string; link: string } | null };
}

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let client: pg.Client;
let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;
const tokens: Record<string, string> = {};
const as = async (user: string) => (tokens[user] ??= await tokenFor(district.graphql, user));
const bells: Followed<Badge>[] = [];
const bellOf = async (user: string) => {
  const bell = follow<Badge>(city, BADGE, await as(user));
  bells.push(bell);
  // The badge comes at once: the subscription is live from then on.
  await eventually(
    async () => bell.values.length,
    (n) => n > 0,
    WAIT_MS,
  );
  return bell;
};
const unread = (bell: Followed<Badge>) => bell.values.at(-1)?.notificationBadge.unread;
const list = async (user: string, vars: Record<string, unknown> = {}) =>
  (await gqlOk(city.graphql, LIST, vars, await as(user))).notifications;

/** The events of this type for the unit have been handled (the relay confirmed their jobs) and their reactions have run. */
async function handled(type: string, unitCode: string): Promise<void> {
  const confirmed = await eventually(
    async () =>
      (
        await client.query(
          `SELECT id, payload, confirmed_at IS NOT NULL AS confirmed FROM district.outbox_event WHERE type = $1 AND payload->>'unitCode' = $2`,
          [type, unitCode],
        )
      ).rows as { id: string; payload: unknown; confirmed: boolean }[],
    (rows) => rows.length > 0 && rows.every((r) => r.confirmed),
    WAIT_MS,
    200,
  );
  const registry = worker.app.get(JobRegistry);
  const reactions = worker.app.get<Queue>(getQueueToken('reactions'), { strict: false });
  const jobIds = confirmed.flatMap((e) => registry.reactionJobs(type, e.id, e.payload).map((j) => j.jobId));
  await eventually(
    async () => Promise.all(jobIds.map((id) => reactions.getJobState(id))),
    (states) => states.every((s) => s === 'completed'),
    WAIT_MS,
    200,
  );
}

async function file(user: string, unitCode: string, seed: number): Promise<string> {
  return ok(
    await submitReport(
      district.graphql,
      await as(user),
      { unitCode, period: PERIOD, values: valueList(realisticValues('WARD', seed)) },
      randomUUID(),
    ),
  ).submitReport.id;
}

beforeAll(async () => {
  db = await isolatedDatabase('notify');
  client = testClient(db.url);
  await client.connect();
  // No reminders here (test/notification-reminders): only what the events bring.
  await withEnv({ REMINDER_DAYS_BEFORE: '', REMINDER_DAYS_AFTER: '', OVERDUE_EVERY_MS: '500' }, async () => {
    [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(bells.map((b) => b.close()));
  await Promise.all([city?.close(), district?.close(), worker?.close()]);
  await client?.end();
  await db?.restore();
});

describe('a returned report', () => {
  let reportId: string;

  it('rings the filing commune’s bell live, with the district’s comment and a link to the report; no other bell', async () => {
    reportId = await file('w00457', '00457', 1);
    const [clerk, neighbour, reviewer] = [await bellOf('w00457'), await bellOf('w00460'), await bellOf('d017')];
    expect([unread(clerk), unread(neighbour), unread(reviewer)]).toEqual([0, 0, 0]);

    ok(await reviewReport(district.graphql, await as('d017'), reportId, 'RETURN', 'Bổ sung số nghị quyết chuyên đề.'));
    const rang = await eventually(
      async () => clerk.values.at(-1)!.notificationBadge,
      (b) => b.unread === 1,
      WAIT_MS,
    );
    expect(rang.latest).toMatchObject({
      kind: 'REPORT_RETURNED',
      title: 'Báo cáo Quý I/2024 bị trả lại',
      link: '/reports/00457/2024Q1',
    });
    expect(rang.latest!.body).toContain('Xã Xuân Nộn');
    expect(rang.latest!.body).toContain('Bổ sung số nghị quyết chuyên đề.');

    await handled('ReportReturned', '00457');
    expect([unread(neighbour), unread(reviewer)]).toEqual([0, 0]);
    expect((await list('w00460')).items).toEqual([]);
    expect((await list('d017')).items).toEqual([]);
    expect(clerk.errors).toEqual([]);
  }, 90_000);

  it('is written once however often its event is delivered', async () => {
    const before = (await client.query(`SELECT count(*)::int AS n FROM notify.notification`)).rows[0].n;
    // The job again, as BullMQ would after a worker died before acknowledging it.
    const { rows } = await client.query(
      `SELECT id, payload FROM district.outbox_event WHERE type = 'ReportReturned' AND payload->>'unitCode' = '00457'`,
    );
    const registry = worker.app.get(JobRegistry);
    await registry.handlerFor('ReportReturned')!(rows[0].payload, { id: rows[0].id, attempt: 2 });
    for (const reaction of registry.reactionJobs('ReportReturned', rows[0].id, rows[0].payload))
      await registry.handlerFor('EventReaction')!(reaction.payload, { id: reaction.jobId, attempt: 2 });
    expect((await client.query(`SELECT count(*)::int AS n FROM notify.notification`)).rows[0].n).toBe(before);
  });

  it('is read, and marked read by its owner only', async () => {
    const page = await list('w00457');
    expect(page.items).toHaveLength(1);
    const [n] = page.items;
    expect(n).toMatchObject({
      kind: 'REPORT_RETURNED',
      unitCode: '00457',
      period: PERIOD,
      readAt: null,
      titleEn: 'Q1 2024 report returned',
    });
    // Someone else's id changes nothing.
    expect((await gqlOk(city.graphql, MARK, { ids: [n.id] }, await as('w00460'))).markNotificationsRead).toBe(0);
    expect((await gqlOk(city.graphql, COUNT, {}, await as('w00457'))).unreadNotificationCount).toBe(1);

    expect((await gqlOk(city.graphql, MARK, { ids: [n.id] }, await as('w00457'))).markNotificationsRead).toBe(1);
    expect((await gqlOk(city.graphql, COUNT, {}, await as('w00457'))).unreadNotificationCount).toBe(0);
    expect((await list('w00457', { u: true })).items).toEqual([]);
    expect((await list('w00457')).items[0].readAt).not.toBeNull();
    // The bell follows the reading too.
    await eventually(
      async () => unread(bells[0]),
      (u) => u === 0,
      WAIT_MS,
    );
  });

  it('refuses bad input with the field named, and anyone signed out', async () => {
    const w = await as('w00457');
    const noneGiven = await gql(city.graphql, MARK, {}, w);
    expect(errorCode(noneGiven)).toBe('BAD_USER_INPUT');
    expect(noneGiven.errors![0].extensions!.field).toBe('ids');
    const notAnId = await gql(city.graphql, MARK, { ids: ['x'] }, w);
    expect(notAnId.errors![0].extensions!.field).toBe('ids[0]');
    const page = await gql(city.graphql, LIST, { f: 0 }, w);
    expect(page.errors![0].extensions!.field).toBe('first');
    expect(page.errors![0].message).toContain('Mỗi trang');
    const cursor = await gql(city.graphql, LIST, { a: 'nonsense' }, w);
    expect(cursor.errors![0].extensions!.field).toBe('after');
    expect(errorCode(await gql(city.graphql, COUNT))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(city.graphql, PREFS))).toBe('UNAUTHENTICATED');
  });
});

/** The directive issued to Huyện Đông Anh below (its assignment then goes past its due date). */
let directiveId: string;

describe('a directive to a district', () => {
  it('reaches that district’s staff live, and neither another district nor its communes', async () => {
    const [district017, district018, commune] = [await bellOf('d017'), await bellOf('d018'), bells[0]];
    const before = unread(commune);
    const { issueDirective } = await gqlOk(
      city.graphql,
      ISSUE,
      {
        i: {
          title: 'Rà soát kết luận chất vấn',
          body: 'Đề nghị rà soát các kết luận chất vấn, giải trình.',
          targetUnitCodes: ['017'],
          cascadeToWards: false,
          dueDate: vietnamDay(30),
        },
      },
      await tokenFor(city.graphql, 'city'),
    );
    directiveId = issueDirective.id;
    const rang = await eventually(
      async () => district017.values.at(-1)!.notificationBadge,
      (b) => b.unread === 1,
      WAIT_MS,
    );
    expect(rang.latest).toMatchObject({ kind: 'DIRECTIVE_ASSIGNED', title: 'Chỉ đạo mới: Rà soát kết luận chất vấn', link: '/directives' });
    await eventually(
      async () =>
        (await client.query(`SELECT count(*)::int AS n FROM city.assignment_view WHERE directive_id = $1`, [issueDirective.id])).rows[0].n,
      (n) => n === 1,
      WAIT_MS,
    );
    await eventually(
      async () =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM district.outbox_event WHERE type = 'AssignmentsChanged' AND confirmed_at IS NULL`,
          )
        ).rows[0].n,
      (n) => n === 0,
      WAIT_MS,
      200,
    );
    expect(unread(district018)).toBe(0);
    expect(unread(commune)).toBe(before);
    expect((await list('d018')).items).toEqual([]);
  }, 90_000);
});

describe('an assignment past its due date', () => {
  it('is told to its council once, when the worker marks it overdue', async () => {
    // No API dates an assignment back: the database does, as the calendar would (the run's clock: two days ago).
    await client.query(`UPDATE district.assignment SET due_date = $2 WHERE directive_id = $1`, [directiveId, vietnamDay(-2)]);
    const page = await eventually(
      () => list('d017'),
      (p) => p.items.some((n: any) => n.kind === 'ASSIGNMENT_OVERDUE'),
      WAIT_MS,
      200,
    );
    expect(page.items.filter((n: any) => n.kind === 'ASSIGNMENT_OVERDUE')).toEqual([
      expect.objectContaining({ title: 'Nhiệm vụ quá hạn: Rà soát kết luận chất vấn', link: '/directives', unitCode: '017' }),
    ]);
    expect((await list('d018')).items).toEqual([]);
  }, 90_000);
});

describe('preferences', () => {
  it('lists every kind on by default, in Vietnamese, and keeps a choice', async () => {
    const { notificationPreferences } = await gqlOk(city.graphql, PREFS, {}, await as('w00460'));
    expect(notificationPreferences).toHaveLength(10);
    expect(notificationPreferences.every((p: any) => p.inApp && p.email)).toBe(true);
    expect(notificationPreferences.find((p: any) => p.kind === 'REPORT_ACCEPTED')).toMatchObject({ label: 'Báo cáo được chấp nhận' });
    const set = await gqlOk(city.graphql, SET_PREFS, { p: [{ kind: 'REPORT_ACCEPTED', inApp: false, email: false }] }, await as('w00460'));
    expect(set.setNotificationPreferences.find((p: any) => p.kind === 'REPORT_ACCEPTED')).toEqual({
      kind: 'REPORT_ACCEPTED',
      inApp: false,
      email: false,
    });
    const twice = await gql(
      city.graphql,
      SET_PREFS,
      {
        p: [
          { kind: 'REPORT_RETURNED', inApp: true, email: true },
          { kind: 'REPORT_RETURNED', inApp: false, email: true },
        ],
      },
      await as('w00460'),
    );
    expect(twice.errors![0].extensions!.field).toBe('preferences[1].kind');
  });

  it('an accepted report is told to a clerk who wants it, not to one who turned the kind off', async () => {
    const wanted = await file('w00457', '00457', 2);
    const unwanted = await file('w00460', '00460', 3);
    for (const id of [wanted, unwanted]) ok(await reviewReport(district.graphql, await as('d017'), id, 'ACCEPT', null));
    await handled('ReportAccepted', '00457');
    await handled('ReportAccepted', '00460');
    expect((await list('w00457')).items[0]).toMatchObject({ kind: 'REPORT_ACCEPTED', title: 'Báo cáo Quý I/2024 đã được chấp nhận' });
    expect((await list('w00460')).items).toEqual([]);
  }, 90_000);
});
