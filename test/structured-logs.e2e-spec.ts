/**
 * Structured logs (issue 16): the three processes write JSON lines, one per request, and a request's id follows its
 * work across them — a report filed on district-api is applied at the city by the sync worker under the same
 * `requestId`; a directive issued on city-api is fanned out on the district side and its assignments counted back at
 * the city under the id of the request that issued it. No line shows a password, a bearer token, the JWT secret or the
 * operator token, whatever the line (the raw output is searched).
 */
import { randomBytes } from 'node:crypto';

import { assertTestEnvironment } from './support/env.js';
import { eventually } from './support/eventually.js';
import { DEV_PASSWORD, type GraphQLResponse } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { type ApiProcess, killAllChildren, startApiProcess, startSyncWorker, type SyncWorkerProcess } from './support/processes.js';
import { realisticValues, valueList } from './support/reporting.js';
import { SANITY_VISIBLE_MS } from './support/sanity-bounds.js';

const LOGIN = 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }';
const SUBMIT = 'mutation Submit($input: ReportInput!) { submitReport(input: $input) { id status } }';
const BRIEFING = 'query Briefing($p: String!) { briefingSummary(period: $p) { period } }';
const STATS = 'query Figures($q: StatisticsQuery!) { statistics(query: $q) { rows { value } } }';
const ISSUE = 'mutation Issue($i: IssueDirectiveInput!) { issueDirective(input: $i) { id targetUnitCodes } }';

const WARD = '00460';
const PERIOD = '2024Q2';
// Secrets of this file's own, so that finding one in the output can only mean it leaked.
const JWT_SECRET = `logs-jwt-${randomBytes(16).toString('hex')}`;
const OPERATOR_TOKEN = `logs-operator-${randomBytes(16).toString('hex')}`;

type Line = Record<string, any>;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: ApiProcess;
let city: ApiProcess;
let worker: SyncWorkerProcess;
/** Everything each process wrote on stdout, from its start: the processes' own tails keep only the end. */
const written = new Map<string, string>();
/** What each wrote on stderr: Node's own warnings, say; not log lines, but searched for secrets too. */
const stderr = new Map<string, string>();
/** Every bearer token the test signed in for. */
const tokens: string[] = [];

/** The JSON lines a process wrote so far (whole lines: one may be half-way through its pipe). */
function lines(process: { name: string }): Line[] {
  const text = written.get(process.name) ?? '';
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
}

const allOutput = () => [...written.values(), ...stderr.values()].join('\n');

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { requestId: res.headers.get('x-request-id'), body: (await res.json()) as GraphQLResponse };
}

async function signIn(api: ApiProcess, username: string): Promise<string> {
  const { body } = await post(api.graphql, LOGIN, { u: username, p: DEV_PASSWORD });
  const token = body.data?.login.accessToken as string | undefined;
  if (!token) throw new Error(`sign-in as ${username} failed: ${JSON.stringify(body)}`);
  tokens.push(token);
  return token;
}

const newRequestId = (what: string) => `${what}-${randomBytes(6).toString('hex')}`;

/** The lines of `process` with this request id, once `enough` holds for them (or the sanity bound passed). */
function traced(process: { name: string }, requestId: string, enough: (found: Line[]) => boolean): Promise<Line[]> {
  return eventually(async () => lines(process).filter((l) => l.requestId === requestId), enough, SANITY_VISIBLE_MS, 100);
}

beforeAll(async () => {
  db = await isolatedDatabase('logs');
  const { redisUrl } = assertTestEnvironment();
  const env = { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', JWT_SECRET, OPERATOR_TOKEN };
  district = await startApiProcess('district-api', { redisUrl, env });
  city = await startApiProcess('city-api', { redisUrl, env });
  worker = await startSyncWorker({ name: 'sync-worker', redisUrl, env });
  for (const p of [district, city, worker]) {
    for (const [stream, into] of [
      [p.proc.child.stdout, written],
      [p.proc.child.stderr, stderr],
    ] as const) {
      into.set(p.name, '');
      stream?.on('data', (chunk: Buffer) => into.set(p.name, into.get(p.name) + chunk.toString('utf8')));
    }
  }
  await Promise.all([district.waitReady(60_000), city.waitReady(60_000), worker.waitReady(60_000)]);
}, 120_000);
afterAll(async () => {
  await killAllChildren();
  await db?.restore();
});

describe('a request traced across city-api, district-api and the sync worker', () => {
  it('follows a report from its submission on district-api through the sync worker to city-api refreshing the briefing', async () => {
    // The city's briefing of the quarter is being read (a screen polls it): the report's figures make city-api recompute it.
    const cityToken = await signIn(city, 'city');
    const briefing = await post(city.graphql, BRIEFING, { p: PERIOD }, { authorization: `Bearer ${cityToken}` });
    expect(briefing.body.data?.briefingSummary.period).toBe(PERIOD);
    const token = await signIn(district, `w${WARD}`);
    const requestId = newRequestId('report');
    const values = realisticValues('WARD', 16);
    const submitted = await post(
      district.graphql,
      SUBMIT,
      { input: { unitCode: WARD, period: PERIOD, values: valueList(values) } },
      { authorization: `Bearer ${token}`, 'x-request-id': requestId },
    );
    expect(submitted.body.data?.submitReport.status).toBe('SUBMITTED');
    expect(submitted.requestId).toBe(requestId);

    // The city counts it…
    const figures = () =>
      post(
        city.graphql,
        STATS,
        { q: { periods: [PERIOD], scope: WARD, metrics: ['resolutions.issued'], groupBy: ['METRIC'] } },
        {
          authorization: `Bearer ${cityToken}`,
        },
      ).then((r) => r.body.data?.statistics.rows.map((row: { value: number }) => row.value));
    expect(await eventually(figures, (v) => v?.[0] === values['resolutions.issued'], SANITY_VISIBLE_MS, 100)).toEqual([
      values['resolutions.issued'],
    ]);

    // …and the district's line for the request and the worker's for applying its event carry the same id.
    const [request] = await traced(district, requestId, (found) => found.length > 0);
    expect(request).toMatchObject({
      app: 'district-api',
      method: 'POST',
      route: '/graphql',
      operation: 'Submit',
      status: 200,
      user: `w${WARD}`,
      role: 'WARD_STAFF',
      durationMs: expect.any(Number),
      headers: { authorization: '[redacted]' },
    });
    const applied = await traced(worker, requestId, (found) => found.some((l) => l.msg === 'applied ReportSubmitted'));
    // The relay's hop from the outbox to the queue, at LOG_LEVEL=debug.
    expect(applied.map((l) => l.msg)).toContain('sent ReportSubmitted to to-city');
    expect(applied.find((l) => l.msg === 'applied ReportSubmitted')).toMatchObject({
      app: 'sync-worker',
      job: 'ReportSubmitted',
      eventId: expect.any(String),
      lagMs: expect.any(Number),
    });
    // …and city-api's work for it, the briefing recomputed for its screens, is logged under the same id.
    const [refresh] = await traced(city, requestId, (found) => found.length > 0);
    expect(refresh).toMatchObject({
      app: 'city-api',
      level: 30 /* info: recomputed for a reader, not debug */,
      period: PERIOD,
      refreshed: 1,
    });
    expect(refresh.msg).toMatch(new RegExp(`^figures of ${PERIOD} changed: 1 briefing`));
  });

  it('follows a directive issued on city-api through its fan-out on the district side and back to the city', async () => {
    const token = await signIn(city, 'd017');
    const requestId = newRequestId('directive');
    const issued = await post(
      city.graphql,
      ISSUE,
      { i: { title: 'Giao ban quý với HĐND xã', body: 'Tổ chức giao ban định kỳ với HĐND các xã, thị trấn.', dueDate: '2099-12-31' } },
      { authorization: `Bearer ${token}`, 'x-request-id': requestId },
    );
    expect(issued.body.data?.issueDirective.targetUnitCodes.length).toBeGreaterThan(0);
    expect(issued.requestId).toBe(requestId);

    const [request] = await traced(city, requestId, (found) => found.length > 0);
    expect(request).toMatchObject({ app: 'city-api', operation: 'Issue', status: 200, user: 'd017', role: 'DISTRICT_STAFF' });
    // DirectiveIssued applied on the district side writes AssignmentsChanged for the city: both under the same id.
    const applied = await traced(worker, requestId, (found) =>
      ['applied DirectiveIssued', 'applied AssignmentsChanged'].every((msg) => found.some((l) => l.msg === msg)),
    );
    expect(applied.map((l) => l.msg)).toEqual(expect.arrayContaining(['applied DirectiveIssued', 'applied AssignmentsChanged']));
  });

  it('gives a request without an acceptable X-Request-Id one of its own, and answers with it', async () => {
    const ids = await Promise.all(
      [undefined, 'x'.repeat(65), 'a b', '<script>'].map(async (sent) => {
        const res = await fetch(district.healthUrl, { headers: sent ? { 'x-request-id': sent } : {} });
        return res.headers.get('x-request-id');
      }),
    );
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('writes JSON lines only, and none shows a password, a bearer token, the JWT secret or the operator token', async () => {
    // The operator's probe of each process: its token is in the request's headers (/health's lines show at LOG_LEVEL=debug).
    for (const p of [district, city, worker]) {
      await fetch(p.healthUrl, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'x-request-id': `probe-${p.name}` } }).then((r) =>
        r.text(),
      );
      const [probe] = await traced(p, `probe-${p.name}`, (found) => found.length > 0);
      expect(probe).toMatchObject({ route: '/health', headers: { authorization: '[redacted]' } });
    }
    // Sign-ins show, their variables do not.
    const logins = lines(district).filter((l) => l.operation === 'Login');
    expect(logins.length).toBeGreaterThan(0);
    for (const l of logins) expect(l.variables).toBe('[redacted]');

    // Every line of all three processes' stdout parses as JSON (lines() throws otherwise); no raw text holds a secret.
    expect([district, city, worker].map((p) => lines(p).length > 0)).toEqual([true, true, true]);
    const output = allOutput();
    for (const secret of [DEV_PASSWORD, ...tokens, JWT_SECRET, OPERATOR_TOKEN]) {
      expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});
