/**
 * The audit's token forgeries as a permanent test (issue 16, part 7): each forged, tampered, stale or malformed
 * bearer token is refused with UNAUTHENTICATED over HTTP on both APIs, and refused on city-api's socket (the
 * subscription errs UNAUTHENTICATED, or the socket is closed) without a single summary. A genuine token is first
 * shown to pass everywhere, so the refusals are not those of a broken set-up.
 */
import { createHmac, randomUUID } from 'node:crypto';

import { loadConfig } from '@council/core';

import { startApis } from './support/apis.js';
import { closeApps, type RunningApp } from './support/apps.js';
import { gql, gqlOk, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { leaks } from './support/reporting.js';
import { firstAnswer } from './support/subscription.js';

let city: RunningApp;
let district: RunningApp;

beforeAll(async () => ({ city, district } = await startApis()), 60_000);
afterAll(() => closeApps(city, district));

const SECRET = loadConfig(process.env).jwtSecret;
const ME = '{ me { username role unit { code } } }';
const LIVE = 'subscription($p: String!) { briefingSummaryUpdated(period: $p) { period } }';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);

/** A JWT with the header and claims given, signed with HMAC (`hash`: sha256 for HS256…) and `key`; no key: no signature. */
function sign(header: Record<string, unknown>, claims: Record<string, unknown>, key: string | null = SECRET, hash = 'sha256'): string {
  const body = `${b64(header)}.${b64(claims)}`;
  return `${body}.${key === null ? '' : createHmac(hash, key).update(body).digest('base64url')}`;
}
const HS256 = { alg: 'HS256', typ: 'JWT' };

/** A genuine token's claims, with a fresh expiry (for forgeries that change one thing only). */
async function claimsOf(user: string): Promise<Record<string, unknown>> {
  return { ...decode(await tokenFor(city.graphql, user)), iat: now() - 5, exp: now() + 3600 };
}

/** What a client sends as Authorization: a bare token is sent as `Bearer <token>`. */
type Forgery = [name: string, authorization: () => Promise<string>];

const bearer = (token: () => Promise<string>) => async () => `Bearer ${await token()}`;
const swapPayload = (token: string, claims: Record<string, unknown>) => {
  const [h, , s] = token.split('.');
  return `${h}.${b64(claims)}.${s}`;
};

const FORGERIES: Forgery[] = [
  ['alg none, no signature', bearer(async () => sign({ alg: 'none', typ: 'JWT' }, await claimsOf('viewer'), null))],
  ['alg "None", no signature', bearer(async () => sign({ alg: 'None' }, await claimsOf('viewer'), null))],
  [
    'alg none, a genuine signature kept',
    bearer(async () => {
      const genuine = await tokenFor(city.graphql, 'viewer');
      return `${b64({ alg: 'none' })}.${genuine.split('.')[1]}.${genuine.split('.')[2]}`;
    }),
  ],
  ['signed with another secret', bearer(async () => sign(HS256, await claimsOf('viewer'), 'not-the-secret'))],
  ['signed with an empty secret', bearer(async () => sign(HS256, await claimsOf('viewer'), ''))],
  [
    'HS512 with the right secret (algorithm not allowed)',
    bearer(async () => sign({ alg: 'HS512' }, await claimsOf('viewer'), SECRET, 'sha512')),
  ],
  [
    'HS384 with the right secret (algorithm not allowed)',
    bearer(async () => sign({ alg: 'HS384' }, await claimsOf('viewer'), SECRET, 'sha384')),
  ],
  ['RS256 named, HMAC-signed (algorithm confusion)', bearer(async () => sign({ alg: 'RS256' }, await claimsOf('viewer')))],
  [
    'a viewer’s token with the role changed to CITY_ADMIN',
    bearer(async () => {
      const genuine = await tokenFor(city.graphql, 'viewer');
      return swapPayload(genuine, { ...decode(genuine), role: 'CITY_ADMIN' });
    }),
  ],
  [
    'a district’s token with the unit changed to its neighbour',
    bearer(async () => {
      const genuine = await tokenFor(city.graphql, 'd017');
      return swapPayload(genuine, { ...decode(genuine), unit: '018' });
    }),
  ],
  [
    'a viewer’s token naming the administrator’s account',
    bearer(async () => {
      const genuine = await tokenFor(city.graphql, 'viewer');
      return swapPayload(genuine, { ...decode(genuine), sub: decode(await tokenFor(city.graphql, 'admin')).sub, usr: 'admin' });
    }),
  ],
  ['expired an hour ago', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), iat: now() - 7200, exp: now() - 3600 }))],
  [
    'no expiry',
    bearer(async () => {
      const { exp: _exp, ...claims } = await claimsOf('viewer');
      return sign(HS256, claims);
    }),
  ],
  ['an expiry that is a string', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), exp: String(now() + 3600) }))],
  ['not valid before an hour from now (nbf)', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), nbf: now() + 3600 }))],
  ['another issuer', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), iss: 'someone-else' }))],
  [
    'no issuer',
    bearer(async () => {
      const { iss: _iss, ...claims } = await claimsOf('viewer');
      return sign(HS256, claims);
    }),
  ],
  ['a user that does not exist', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), sub: randomUUID(), usr: 'nobody' }))],
  ['a user id that is no UUID', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), sub: "1' OR '1'='1" }))],
  ['a role that does not exist', bearer(async () => sign(HS256, { ...(await claimsOf('viewer')), role: 'SUPERUSER' }))],
  ['no claims at all', bearer(async () => sign(HS256, {}))],
  ['a disabled user’s token', bearer(() => disabledUsersToken())],
  ['a token issued before its user’s password was reset', bearer(() => tokenBeforeReset())],
  ['an empty bearer', async () => 'Bearer '],
  ['garbage', async () => 'Bearer not-a-token'],
  ['three empty parts', async () => 'Bearer ..'],
  ['a header that is not JSON', async () => `Bearer ${b64('{alg:')}.${b64({ sub: 'x' })}.x`],
  ['a genuine token under another scheme', async () => `Basic ${await tokenFor(city.graphql, 'viewer')}`],
];

const ADMIN_CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { username } } }`;
const PASSWORD = 'Kiem-tra-gia-mao-2026';

/** A user's token taken while the account was active; the account is then disabled. */
async function disabledUsersToken(): Promise<string> {
  const admin = await tokenFor(district.graphql, 'admin');
  await gqlOk(district.graphql, ADMIN_CREATE, { i: { username: 'audit.disabled', role: 'VIEWER', password: PASSWORD } }, admin);
  const token = await tokenFor(city.graphql, 'audit.disabled', PASSWORD);
  expect((await gqlOk(city.graphql, ME, {}, token)).me.username).toBe('audit.disabled');
  await gqlOk(district.graphql, `mutation { setUserActive(username: "audit.disabled", active: false) { active } }`, {}, admin);
  return token;
}

/** A genuinely signed token dated a minute before its user's password was reset (later sessions only are valid). */
async function tokenBeforeReset(): Promise<string> {
  const admin = await tokenFor(district.graphql, 'admin');
  await gqlOk(district.graphql, ADMIN_CREATE, { i: { username: 'audit.reset', role: 'VIEWER', password: PASSWORD } }, admin);
  const claims = decode(await tokenFor(city.graphql, 'audit.reset', PASSWORD));
  const early = sign(HS256, { ...claims, iat: now() - 60, exp: now() + 3600 });
  expect((await gqlOk(city.graphql, ME, {}, early)).me.username).toBe('audit.reset');
  await gqlOk(district.graphql, `mutation { resetUserPassword(username: "audit.reset") { user { username } } }`, {}, admin);
  return early;
}

async function overHttp(app: RunningApp, authorization: string): Promise<GraphQLResponse> {
  const res = await fetch(app.graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: ME }),
  });
  return { ...((await res.json()) as GraphQLResponse), status: res.status };
}

describe('a genuine token', () => {
  it('passes over HTTP on both APIs and over the socket (so the refusals below are the token’s)', async () => {
    const token = await tokenFor(city.graphql, 'viewer');
    for (const app of [city, district]) expect((await gqlOk(app.graphql, ME, {}, token)).me.username).toBe('viewer');
    const first = await firstAnswer(city, LIVE, { p: '2024Q1' }, { authorization: `Bearer ${token}` });
    expect(first).toMatchObject({ data: { briefingSummaryUpdated: { period: '2024Q1' } } });
    // A token signed here the way the forgeries are, untampered, passes too: the forger works.
    const own = sign(HS256, await claimsOf('viewer'));
    expect((await gqlOk(city.graphql, ME, {}, own)).me.username).toBe('viewer');
  });
});

describe('a forged, tampered or stale token', () => {
  it.each(FORGERIES)('is refused: %s', async (_name, make) => {
    const authorization = await make();
    for (const app of [city, district]) {
      const res = await overHttp(app, authorization);
      expect({ status: res.status < 500, code: res.errors?.[0]?.extensions?.code, data: res.data ?? null }).toEqual({
        status: true,
        code: 'UNAUTHENTICATED',
        data: null,
      });
      expect(leaks(res)).toEqual([]);
    }
    const ws = await firstAnswer(city, LIVE, { p: '2024Q1' }, { authorization });
    expect(ws.data ?? null).toBeNull();
    if (ws.errors) expect(ws.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    else expect([4401, 4403]).toContain(ws.closedWith);
  });

  it('covers the audit’s cases (over twenty)', () => {
    expect(FORGERIES.length).toBeGreaterThanOrEqual(22);
  });
});

describe('the refusals do not depend on the query', () => {
  it('a forged CITY_ADMIN token is refused an administrator’s mutation too, and it changes nothing', async () => {
    const genuine = await tokenFor(city.graphql, 'viewer');
    const forged = swapPayload(genuine, { ...decode(genuine), role: 'CITY_ADMIN' });
    const res = await gql(
      district.graphql,
      ADMIN_CREATE,
      { i: { username: 'audit.forged', role: 'CITY_ADMIN', password: PASSWORD } },
      forged,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await tokenFor(district.graphql, 'admin');
    const users = await gqlOk(district.graphql, `{ users(filter: { search: "audit.forged" }) { total } }`, {}, admin);
    expect(users.users.total).toBe(0);
  });
});
