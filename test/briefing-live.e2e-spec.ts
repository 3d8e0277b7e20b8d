import { loadConfig, quarterAt } from '@council/core';
import { TOKEN_EXPIRED_CLOSE_CODE } from '@council/server';
import { JwtService } from '@nestjs/jwt';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { ok, reviewReport, submitReport } from './support/reporting.js';
import { BRIEFING_PUSH_SANITY_MS } from './support/sanity-bounds.js';

/**
 * The briefing screen's live feed: `briefingSummaryUpdated` over graphql-ws,
 * fed by Redis pub/sub so that every city-api replica pushes every change.
 * Two replicas run here, each with a screen subscribed. Every wait and latency
 * bound here is BRIEFING_PUSH_SANITY_MS, a generous sanity bound (slow, shared
 * machines); the push latency itself is measured by bench/briefing.mjs.
 */
const FIELDS = `period previousPeriod asOf computedAt host { code name }
  levels { level councils reported late values { metric { code } value } changes { metric { code } value previous change } }
  directives { total pending acknowledged completed overdue }
  units { unit { code name } reported late councilsBelow reportedBelow openAssignments overdueAssignments }
  meeting { id attendance { expected present absent } }`;
const SUBSCRIPTION = `subscription($p: String!) { briefingSummaryUpdated(period: $p) { ${FIELDS} } }`;
const QUERY = `query($p: String!) { briefingSummary(period: $p) { ${FIELDS} } }`;

interface Summary {
  period: string;
  previousPeriod: string;
  computedAt: string;
  levels: {
    level: string;
    councils: number;
    reported: number;
    late: number;
    values: { metric: { code: string }; value: number }[];
    changes: { metric: { code: string }; value: number; previous: number | null; change: number | null }[];
  }[];
  directives: { total: number; pending: number; acknowledged: number; completed: number; overdue: number };
  units: { unit: { code: string }; reported: boolean; councilsBelow: number; reportedBelow: number; openAssignments: number }[];
  meeting: { id: string; attendance: { expected: number; present: number; absent: number } } | null;
}

const value = (s: Summary, level: string, metric: string) =>
  s.levels.find((l) => l.level === level)!.values.find((v) => v.metric.code === metric)!.value;
const reported = (s: Summary, level: string) => s.levels.find((l) => l.level === level)!.reported;

/** A screen in the hall: everything it received, in order, with the time it arrived. */
class Screen {
  readonly received: { at: number; summary: Summary }[] = [];
  readonly errors: unknown[] = [];
  closedWith?: number;
  private readonly client: Client;
  private readonly waiters = new Set<() => void>();

  constructor(app: RunningApp, token: string | null, period: string) {
    this.client = createClient({
      url: `${app.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined, // a refused socket is asserted through closedWith, not printed
      on: { closed: (e) => (this.closedWith = (e as { code?: number }).code) },
    });
    this.client.subscribe<{ briefingSummaryUpdated: Summary }>(
      { query: SUBSCRIPTION, variables: { p: period } },
      {
        next: (m) => {
          if (m.errors) this.errors.push(...m.errors);
          if (m.data) this.received.push({ at: Date.now(), summary: m.data.briefingSummaryUpdated });
          this.wake();
        },
        error: (e) => {
          // graphql-ws reports refused operations as a list of GraphQL errors, a refused socket as its close event
          this.errors.push(...(Array.isArray(e) ? e : [e]));
          this.wake();
        },
        complete: () => this.wake(),
      },
    );
  }

  get latest(): Summary | undefined {
    return this.received.at(-1)?.summary;
  }

  /** The first summary received after `since` that satisfies `ok`; its arrival time. */
  async waitFor(ok: (s: Summary) => boolean, since = 0, withinMs = BRIEFING_PUSH_SANITY_MS): Promise<{ at: number; summary: Summary }> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const hit = this.received.find((r) => r.at >= since && ok(r.summary));
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(
          `no matching summary within ${withinMs} ms; latest: ${JSON.stringify(this.latest?.levels.map((l) => [l.level, l.reported]))}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.add(() => (clearTimeout(t), resolve()));
      });
    }
  }

  async waitForError(withinMs = BRIEFING_PUSH_SANITY_MS): Promise<unknown[]> {
    const deadline = Date.now() + withinMs;
    while (!this.errors.length && this.closedWith === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return this.errors;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
    this.waiters.clear();
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

let district: RunningApp;
let cityA: RunningApp;
let cityB: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
const screens: Screen[] = [];
const open = (app: RunningApp, token: string | null, period = '2024Q1') => {
  const s = new Screen(app, token, period);
  screens.push(s);
  return s;
};

beforeAll(async () => {
  db = await isolatedDatabase('briefing_live');
  [district, cityA, cityB, worker] = await Promise.all([
    startApp(DISTRICT_API),
    startApp(CITY_API),
    startApp(CITY_API),
    startApp(SYNC_WORKER),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all(screens.map((s) => s.close()));
  await Promise.all([district?.close(), cityA?.close(), cityB?.close(), worker?.close()]);
  await db?.restore();
});

describe('briefingSummaryUpdated, on two city-api replicas', () => {
  let viewer: string;
  let onA: Screen;
  let onB: Screen;
  let wardReportId: string;

  beforeAll(async () => {
    viewer = await tokenFor(cityA.graphql, 'viewer');
    onA = open(cityA, viewer);
    onB = open(cityB, viewer);
    await Promise.all([onA.waitFor(() => true), onB.waitFor(() => true)]);
  });

  it('gives each screen the current summary at once', () => {
    for (const screen of [onA, onB]) {
      expect(screen.latest).toMatchObject({ period: '2024Q1', previousPeriod: '2023Q4' });
      expect(screen.latest!.levels.map((l) => [l.level, l.councils, l.reported])).toEqual([
        ['CITY', 1, 0],
        ['DISTRICT', 30, 0],
        ['WARD', 404, 0],
      ]);
      expect(screen.latest!.units).toHaveLength(30);
    }
  });

  it('pushes a new summary to every screen soon after a commune submits (sanity bound; the latency is benched)', async () => {
    const t0 = Date.now();
    const res = ok(
      await submitReport(district.graphql, await tokenFor(district.graphql, 'w00457'), {
        unitCode: '00457',
        period: '2024Q1',
        values: [
          { metric: 'sessions.thematic', value: 3 },
          { metric: 'resolutions.issued', value: 5 },
        ],
      }),
    );
    wardReportId = res.submitReport.id;
    const answered = Date.now();
    const seen = await Promise.all(
      [onA, onB].map((s) => s.waitFor((x) => reported(x, 'WARD') === 1 && value(x, 'WARD', 'resolutions.issued') === 5, t0)),
    );
    for (const hit of seen) expect(hit.at - answered).toBeLessThan(BRIEFING_PUSH_SANITY_MS);
    const dongAnh = seen[0].summary.units.find((u) => u.unit.code === '017')!;
    expect(dongAnh).toMatchObject({ reported: false, reportedBelow: 1 });
    expect(dongAnh.councilsBelow).toBeGreaterThan(1);
  });

  it('pushes again when the district returns the report: it stops counting', async () => {
    const t0 = Date.now();
    ok(
      await reviewReport(
        district.graphql,
        await tokenFor(district.graphql, 'd017'),
        wardReportId,
        'RETURN',
        'Đề nghị bổ sung số liệu tiếp xúc cử tri',
      ),
    );
    const answered = Date.now();
    const seen = await Promise.all(
      [onA, onB].map((s) => s.waitFor((x) => reported(x, 'WARD') === 0 && value(x, 'WARD', 'resolutions.issued') === 0, t0)),
    );
    for (const hit of seen) expect(hit.at - answered).toBeLessThan(BRIEFING_PUSH_SANITY_MS);
  });

  it('answers the briefingSummary query with the same fresh figures on either replica', async () => {
    const t0 = Date.now();
    ok(
      await submitReport(district.graphql, await tokenFor(district.graphql, 'd009'), {
        unitCode: '009',
        period: '2024Q1',
        values: [
          { metric: 'sessions.thematic', value: 2 },
          { metric: 'resolutions.issued', value: 7 },
        ],
      }),
    );
    await onB.waitFor((x) => reported(x, 'DISTRICT') === 1, t0);
    for (const app of [cityA, cityB]) {
      const { briefingSummary: s } = await gqlOk<{ briefingSummary: Summary }>(app.graphql, QUERY, { p: '2024Q1' }, viewer);
      expect(value(s, 'DISTRICT', 'resolutions.issued')).toBe(7);
      expect(s.units.find((u) => u.unit.code === '009')).toMatchObject({ reported: true, councilsBelow: 0 });
    }
  });

  it('pushes directive progress to today’s screens: a directive to Thanh Xuân, then its acknowledgement; Q1/2024’s does not count it', async () => {
    // Issued today: it belongs to this quarter's briefing, not to Q1/2024's (which only shows what was issued by its end).
    const now = quarterAt(new Date()).code;
    const nowA = open(cityA, viewer, now);
    const nowB = open(cityB, viewer, now);
    await Promise.all([nowA.waitFor(() => true), nowB.waitFor(() => true)]);
    const city = await tokenFor(cityA.graphql, 'city');
    const t0 = Date.now();
    const issued = await gqlOk(
      cityA.graphql,
      `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`,
      {
        i: {
          title: 'Rà soát kết luận chất vấn',
          body: 'Đề nghị Thường trực HĐND quận rà soát các kết luận chất vấn.',
          targetUnitCodes: ['009'],
          dueDate: '2099-12-31',
        },
      },
      city,
    );
    await nowA.waitFor((x) => x.directives.total === 1 && x.units.find((u) => u.unit.code === '009')!.openAssignments === 1, t0);
    // Q1/2024's screens were pushed a fresh summary for the change: without the directive.
    const q1 = await onA.waitFor(() => true, t0);
    expect(q1.summary.directives.total).toBe(0);
    expect(q1.summary.units.find((u) => u.unit.code === '009')!.openAssignments).toBe(0);
    const { briefingSummary: asked } = await gqlOk<{ briefingSummary: Summary }>(cityB.graphql, QUERY, { p: '2024Q1' }, viewer);
    expect(asked.directives.total).toBe(0);

    const d009 = await tokenFor(district.graphql, 'd009');
    const mine = async () =>
      (await gqlOk(district.graphql, `{ assignments(unitCode: "009") { id directiveId } }`, {}, d009)).assignments.filter(
        (a: { directiveId: string }) => a.directiveId === issued.issueDirective.id,
      ) as { id: string }[];
    const [assignment] = await eventually(mine, (a) => a.length === 1, BRIEFING_PUSH_SANITY_MS);
    const t1 = Date.now();
    await gqlOk(district.graphql, `mutation($id: ID!) { acknowledgeAssignment(id: $id) { status } }`, { id: assignment!.id }, d009);
    const hit = await nowB.waitFor((x) => x.directives.acknowledged === 1, t1);
    expect(hit.summary.directives).toMatchObject({ total: 1, pending: 0, acknowledged: 1 });
  });

  it('pushes the meeting as the hall fills: each connection point marked present shows on every screen', async () => {
    const city = await tokenFor(cityA.graphql, 'city');
    const t0 = Date.now();
    const { createBriefingMeeting: m } = await gqlOk(
      cityA.graphql,
      `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`,
      {
        i: { period: '2024Q1', title: 'Giao ban quý I/2024', startsAt: '2024-04-19T01:30:00Z' },
      },
      city,
    );
    await onA.waitFor((x) => x.meeting?.id === m.id && x.meeting?.attendance.expected === 30, t0);
    // Two arrivals one after the other: the second push must not repeat the first one's counts.
    for (const [unit, present] of [
      ['009', 1],
      ['017', 2],
    ] as const) {
      const t = Date.now();
      await gqlOk(
        cityA.graphql,
        `mutation($m: ID!, $u: String!) { recordAttendance(meetingId: $m, unitCode: $u, status: PRESENT) { status } }`,
        { m: m.id, u: unit },
        city,
      );
      await Promise.all(
        [onA, onB].map((s) =>
          s.waitFor((x) => x.meeting?.attendance.present === present && x.meeting.attendance.expected === 30 - present, t),
        ),
      );
    }
  });
});

describe('the change against the previous period', () => {
  it('has nothing to compare with while no council of the level reported in the previous period', async () => {
    const viewer = await tokenFor(cityA.graphql, 'viewer');
    // Q1/2024 has district reports (009's above); Q4/2023 none yet: no previous figure and no change, not "+7".
    const { briefingSummary: q } = await gqlOk<{ briefingSummary: Summary }>(cityA.graphql, QUERY, { p: '2024Q1' }, viewer);
    const district = q.levels.find((l) => l.level === 'DISTRICT')!;
    expect(district.changes.find((c) => c.metric.code === 'resolutions.issued')).toEqual({
      metric: { code: 'resolutions.issued' },
      value: 7,
      previous: null,
      change: null,
    });
    expect(district.changes.every((c) => c.previous === null && c.change === null)).toBe(true);
  });

  it('compares a quarter with the quarter before, and a year with the year before', async () => {
    const d016 = await tokenFor(district.graphql, 'd016');
    ok(
      await submitReport(district.graphql, d016, {
        unitCode: '016',
        period: '2023Q4',
        values: [{ metric: 'surveys.conducted', value: 4 }],
      }),
    );
    ok(
      await submitReport(district.graphql, d016, {
        unitCode: '016',
        period: '2024Q1',
        values: [{ metric: 'surveys.conducted', value: 1 }],
      }),
    );
    const viewer = await tokenFor(cityA.graphql, 'viewer');
    const read = async (p: string) => (await gqlOk<{ briefingSummary: Summary }>(cityA.graphql, QUERY, { p }, viewer)).briefingSummary;
    // The two reports are separate events the worker may apply in either order: wait for both before comparing.
    await eventually(
      () => read('2023Q4'),
      (x) => value(x, 'DISTRICT', 'surveys.conducted') === 4,
      BRIEFING_PUSH_SANITY_MS,
    );
    const q = await eventually(
      () => read('2024Q1'),
      (x) => value(x, 'DISTRICT', 'surveys.conducted') === 1,
      BRIEFING_PUSH_SANITY_MS,
    );
    expect(q.levels.find((l) => l.level === 'DISTRICT')!.changes.find((c) => c.metric.code === 'surveys.conducted')).toEqual({
      metric: { code: 'surveys.conducted' },
      value: 1,
      previous: 4,
      change: -3,
    });
    const y = await read('2024');
    expect(y.previousPeriod).toBe('2023');
    expect(y.levels.find((l) => l.level === 'DISTRICT')!.changes.find((c) => c.metric.code === 'surveys.conducted')).toMatchObject({
      value: 1,
      previous: 4,
      change: -3,
    });
  });
});

describe('who may watch', () => {
  it('closes a socket that brings no token', async () => {
    const s = open(cityA, null);
    await s.waitForError();
    expect(s.closedWith).toBe(4403);
    expect(s.received).toEqual([]);
  });

  it('refuses district staff with FORBIDDEN and a malformed period with BAD_USER_INPUT naming it', async () => {
    const forbidden = open(cityA, await tokenFor(cityA.graphql, 'd009'));
    const [e1] = (await forbidden.waitForError()) as { extensions?: { code?: string } }[];
    expect(e1.extensions?.code).toBe('FORBIDDEN');
    const bad = open(cityA, await tokenFor(cityA.graphql, 'viewer'), 'Q1-2024');
    const [e2] = (await bad.waitForError()) as { extensions?: { code?: string; field?: string }; message: string }[];
    expect(e2.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    expect(JSON.stringify(e2)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack
    expect(forbidden.received).toEqual([]);
  });

  it('answers a malformed subscription with GRAPHQL_VALIDATION_FAILED, as HTTP does', async () => {
    const client = createClient({
      url: `${cityA.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await tokenFor(cityA.graphql, 'viewer')}` },
      retryAttempts: 0,
    });
    const errors = await new Promise<{ message: string; extensions?: { code?: string } }[]>((resolve) => {
      client.subscribe(
        { query: `subscription { briefingSummaryUpdated(period: "2024Q1") { noSuchField } }` },
        { next: () => undefined, error: (e) => resolve(e as never), complete: () => resolve([]) },
      );
    });
    await client.dispose();
    expect(errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors[0].message).toMatch(/noSuchField/);
  });

  it('closes a socket when its token expires, with 4401', async () => {
    const jwt = new JwtService({ secret: loadConfig(process.env).jwtSecret });
    const { exp: _exp, iat: _iat, iss: _iss, ...claims } = jwt.decode<Record<string, unknown>>(await tokenFor(cityA.graphql, 'viewer'));
    const short = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 2 }, { algorithm: 'HS256', issuer: 'council-platform' });
    const s = open(cityA, short);
    await s.waitFor(() => true); // subscribed and served while the token holds
    const deadline = Date.now() + 3000 + BRIEFING_PUSH_SANITY_MS;
    while (s.closedWith === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(s.closedWith).toBe(TOKEN_EXPIRED_CLOSE_CODE);
  });

  it('refuses an expired or forged token', async () => {
    const s = open(cityA, 'not-a-token');
    const [e] = (await s.waitForError()) as { extensions?: { code?: string } }[];
    expect(e.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(cityA.graphql, QUERY, { p: '2024Q1' }, 'not-a-token'))).toBe('UNAUTHENTICATED');
  });
});
