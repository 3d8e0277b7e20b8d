/**
 * Tokens tied to live users (issue 16): an access token lasts its minutes and a refresh token renews the pair once
 * (a used one presented again ends that sign-in); an administrator's revocation, disabling and demotion take effect
 * at the next request on every API — district-api and two city-api replicas, each with its account cache warm — and
 * close the user's open subscriptions with 4401.
 */
import { AccountCache } from '@council/auth';
import { SESSION_ENDED_CLOSE_CODE } from '@council/server';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { quarterFromNow } from './support/clock.js';
import { eventually } from './support/eventually.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';
import { operatorHeaders } from './support/health.js';
import { isolatedDatabase } from './support/isolated-database.js';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let cityA: RunningApp;
let cityB: RunningApp;
let admin: string;

interface Pair {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: { username: string; role: string };
}
const PAIR = 'accessToken expiresAt refreshToken refreshExpiresAt user { username role }';
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ${PAIR} } }`;
const REFRESH = `mutation($r: String!) { refreshToken(refreshToken: $r) { ${PAIR} } }`;
const LOGOUT = 'mutation($r: String!) { logout(refreshToken: $r) }';
const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { username } } }';
const ACTIVE = 'mutation($u: String!, $a: Boolean!) { setUserActive(username: $u, active: $a) { active } }';
const UPDATE = 'mutation($u: String!, $input: UpdateUserInput!) { updateUser(username: $u, input: $input) { role } }';
const REVOKE = 'mutation($u: String!) { revokeUserSessions(username: $u) { username } }';
const AUDIT = 'query($s: String) { adminAuditLog(subject: $s) { action username } }';
const ME = '{ me { username role } }';
// The communes' completeness: commune councils are there in every era (districts only until 2025-06-30), so the current
// quarter expects some whatever today is.
const COMPLETENESS = 'query($p: String!) { completeness(period: $p, level: WARD) { expected } }';
const PASSWORD = 'Phien-lam-viec-2026';

const login = async (endpoint: string, username: string, password = PASSWORD) =>
  (await gqlOk<{ login: Pair }>(endpoint, LOGIN, { u: username, p: password })).login;
const refresh = (endpoint: string, refreshToken: string) => gql<{ refreshToken: Pair }>(endpoint, REFRESH, { r: refreshToken });
const createUser = (username: string, role: string, unitCode?: string) =>
  gqlOk(district.graphql, CREATE, { input: { username, role, unitCode, password: PASSWORD } }, admin);
/** Which answers `token` gets for `me` from each API, in order: district-api, city-api A, city-api B. */
const meEverywhere = async (token: string) =>
  Promise.all([district, cityA, cityB].map(async (app) => errorCode(await gql(app.graphql, ME, {}, token)) ?? 'OK'));
/** A read that, unlike `me`, never looks at the account itself: only the token's check stands between it and the data. */
const dataEverywhere = async (token: string) =>
  Promise.all(
    [district, cityA, cityB].map(
      async (app) => errorCode(await gql(app.graphql, `{ councilUnit(code: "01") { code } }`, {}, token)) ?? 'OK',
    ),
  );
/** Tokens carry whole seconds: a revocation in the second of the sign-in itself would spare its tokens. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1100));

async function accountCacheStats(app: RunningApp): Promise<{ hits: number; invalidations: number }> {
  const body = (await (await fetch(`${app.url}/health`, { headers: operatorHeaders() })).json()) as Record<string, unknown>;
  const found = JSON.stringify(body).match(/"accountCache":\{[^}]*\}/)?.[0];
  if (!found) throw new Error(`no accountCache in /health: ${JSON.stringify(body).slice(0, 500)}`);
  return JSON.parse(found.slice('"accountCache":'.length)) as { hits: number; invalidations: number };
}

/** REFRESH_REUSE_GRACE_SECONDS of this file's apps (10 by default). */
const GRACE_SECONDS = 3;

beforeAll(async () => {
  isolated = await isolatedDatabase('token_lifecycle');
  const saved = process.env.REFRESH_REUSE_GRACE_SECONDS;
  process.env.REFRESH_REUSE_GRACE_SECONDS = String(GRACE_SECONDS);
  try {
    // Two city-api replicas: each has its own account cache, which only Redis can tell of a change made elsewhere.
    [district, cityA, cityB] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(CITY_API)]);
  } finally {
    if (saved === undefined) delete process.env.REFRESH_REUSE_GRACE_SECONDS;
    else process.env.REFRESH_REUSE_GRACE_SECONDS = saved;
  }
  admin = await tokenFor(district.graphql, 'admin');
}, 120_000);

afterAll(async () => {
  await Promise.all([district?.close(), cityA?.close(), cityB?.close()]);
  await isolated?.restore();
});

describe('access and refresh tokens', () => {
  let short: RunningApp | undefined;
  afterAll(async () => {
    await short?.close();
  });

  it('an access token stops working after its TTL; its refresh token gives a new working pair on either API, within the same sign-in', async () => {
    // An API whose access tokens last 3 seconds (configuration is read when an app is created).
    const saved = process.env.ACCESS_TOKEN_TTL_SECONDS;
    process.env.ACCESS_TOKEN_TTL_SECONDS = '3';
    try {
      short = await startApp(DISTRICT_API);
    } finally {
      if (saved === undefined) delete process.env.ACCESS_TOKEN_TTL_SECONDS;
      else process.env.ACCESS_TOKEN_TTL_SECONDS = saved;
    }
    await createUser('ca.sang', 'DISTRICT_STAFF', '009');
    const first = await login(short.graphql, 'ca.sang');
    expect(Date.parse(first.expiresAt) - Date.now()).toBeLessThanOrEqual(3000);
    expect(Date.parse(first.refreshExpiresAt) - Date.now()).toBeGreaterThan(11 * 3600_000);
    const expired = await eventually(
      async () => errorCode(await gql(short!.graphql, ME, {}, first.accessToken)),
      (code) => code === 'UNAUTHENTICATED',
      30_000,
      250,
    );
    expect(expired).toBe('UNAUTHENTICATED');

    const renewed = (await refresh(short.graphql, first.refreshToken)).data!.refreshToken;
    expect(renewed.user).toEqual({ username: 'ca.sang', role: 'DISTRICT_STAFF' });
    expect(renewed.refreshToken).not.toBe(first.refreshToken);
    // Renewing never extends the sign-in itself.
    expect(renewed.refreshExpiresAt).toBe(first.refreshExpiresAt);
    // The 900-second API accepts what the 3-second one issued (one secret, one account table); and renews it in turn.
    expect((await gqlOk(cityA.graphql, ME, {}, renewed.accessToken)).me.username).toBe('ca.sang');
    const again = (await refresh(cityA.graphql, renewed.refreshToken)).data!.refreshToken;
    expect((await gqlOk(district.graphql, ME, {}, again.accessToken)).me.username).toBe('ca.sang');
  });

  it('renews a used refresh token presented again at once (a reload cut the renewal off); later, refuses it and ends that whole sign-in, not the user’s others', async () => {
    await createUser('hai.thiet.bi', 'WARD_STAFF', '00457');
    const stolen = await login(district.graphql, 'hai.thiet.bi');
    const laptop = await login(district.graphql, 'hai.thiet.bi');
    const thief = (await refresh(district.graphql, stolen.refreshToken)).data!.refreshToken;
    const cutOff = (await refresh(cityA.graphql, stolen.refreshToken)).data?.refreshToken;
    expect(cutOff?.user.username).toBe('hai.thiet.bi');

    await new Promise((r) => setTimeout(r, (GRACE_SECONDS + 0.5) * 1000));
    const replay = await refresh(cityA.graphql, stolen.refreshToken);
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(replay.errors![0].message).toMatch(/Phiên đăng nhập đã kết thúc/);
    // The family is gone: what the renewals gave is refused as well.
    expect(errorCode(await refresh(district.graphql, thief.refreshToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh(district.graphql, cutOff!.refreshToken))).toBe('UNAUTHENTICATED');
    // The other sign-in goes on.
    expect((await refresh(district.graphql, laptop.refreshToken)).data?.refreshToken.user.username).toBe('hai.thiet.bi');
  });

  it('signs out: the refresh token is refused afterwards, an unknown one changes nothing', async () => {
    await createUser('tam.nghi', 'VIEWER');
    const pair = await login(district.graphql, 'tam.nghi');
    expect((await gqlOk(cityA.graphql, LOGOUT, { r: pair.refreshToken })).logout).toBe(true);
    expect(errorCode(await refresh(district.graphql, pair.refreshToken))).toBe('UNAUTHENTICATED');
    expect((await gqlOk(district.graphql, LOGOUT, { r: 'not-a-token' })).logout).toBe(true);
    expect(errorCode(await refresh(district.graphql, ''))).toBe('UNAUTHENTICATED');
  });
});

describe('an administrator’s change takes effect at the next request, everywhere', () => {
  it('revokes a user’s sessions: refresh refused, tokens in hand refused on every API, audited', async () => {
    await createUser('bi.thu.hoi', 'CITY_STAFF');
    const pair = await login(district.graphql, 'bi.thu.hoi');
    expect(await meEverywhere(pair.accessToken)).toEqual(['OK', 'OK', 'OK']);
    await nextSecond();
    await gqlOk(district.graphql, REVOKE, { u: 'bi.thu.hoi' }, admin);
    expect(await meEverywhere(pair.accessToken)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(errorCode(await refresh(district.graphql, pair.refreshToken))).toBe('UNAUTHENTICATED');
    const [entry] = (await gqlOk(district.graphql, AUDIT, { s: 'user:bi.thu.hoi' }, admin)).adminAuditLog;
    expect(entry).toEqual({ action: 'USER_SESSIONS_REVOKE', username: 'admin' });
    // Signing in again works: the revocation ends sessions, not the account.
    expect(await meEverywhere((await login(district.graphql, 'bi.thu.hoi')).accessToken)).toEqual(['OK', 'OK', 'OK']);
    // Only administrators may.
    expect(errorCode(await gql(district.graphql, REVOKE, { u: 'admin' }, pair.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(district.graphql, REVOKE, { u: 'admin' }, await tokenFor(district.graphql, 'city')))).toBe('FORBIDDEN');
  });

  it('refuses a disabled user’s next request on district-api and both city-api replicas, though each had the account cached', async () => {
    await createUser('nghi.huu', 'DISTRICT_STAFF', '009');
    const pair = await login(district.graphql, 'nghi.huu');
    expect(await meEverywhere(pair.accessToken)).toEqual(['OK', 'OK', 'OK']);
    const before = await Promise.all([cityA, cityB].map(accountCacheStats));
    expect(await meEverywhere(pair.accessToken)).toEqual(['OK', 'OK', 'OK']);
    const warm = await Promise.all([cityA, cityB].map(accountCacheStats));
    // The second round was answered from each replica's cache: the refusal below is the invalidation's doing.
    expect(warm.map((s, i) => s.hits > before[i].hits)).toEqual([true, true]);

    expect(await dataEverywhere(pair.accessToken)).toEqual(['OK', 'OK', 'OK']);
    await gqlOk(district.graphql, ACTIVE, { u: 'nghi.huu', a: false }, admin);
    expect(await meEverywhere(pair.accessToken)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(await dataEverywhere(pair.accessToken)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(errorCode(await refresh(district.graphql, pair.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('refuses at the next request even on a replica that hears the announcement late (its Redis subscription held up)', async () => {
    await createUser('tre.tin', 'CITY_STAFF');
    const pair = await login(district.graphql, 'tre.tin');
    expect(await meEverywhere(pair.accessToken)).toEqual(['OK', 'OK', 'OK']);
    const before = await accountCacheStats(cityB);
    expect(await meEverywhere(pair.accessToken)).toEqual(['OK', 'OK', 'OK']);
    // cityB answered from its cache: what it answers next is its cache's doing or the version check's.
    expect((await accountCacheStats(cityB)).hits).toBeGreaterThan(before.hits);
    // A loaded replica reads its subscription socket late: here cityB's does not read at all until the end.
    const subscriber = (cityB.app.get(AccountCache) as unknown as { subscriber: { stream: { pause(): void; resume(): void } } }).subscriber;
    subscriber.stream.pause();
    try {
      // Revoked, not disabled: `me` reads a disabled account itself, a revoked one only through the cache.
      await nextSecond();
      await gqlOk(district.graphql, REVOKE, { u: 'tre.tin' }, admin);
      expect(await meEverywhere(pair.accessToken)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    } finally {
      subscriber.stream.resume();
    }
  });

  it('refuses a demoted user’s token at once on every API; the renewed one carries the new role and gets its answers', async () => {
    const period = quarterFromNow(0).code;
    await createUser('ha.cap', 'CITY_STAFF');
    const { accessToken, refreshToken } = await login(district.graphql, 'ha.cap');
    for (const city of [cityA, cityB]) {
      expect((await gqlOk(city.graphql, COMPLETENESS, { p: period }, accessToken)).completeness.expected).toBeGreaterThan(0);
      expect((await gqlOk(city.graphql, ME, {}, accessToken)).me.role).toBe('CITY_STAFF');
    }
    expect(await gqlOk(district.graphql, UPDATE, { u: 'ha.cap', input: { role: 'VIEWER' } }, admin)).toEqual({
      updateUser: { role: 'VIEWER' },
    });
    // The token says CITY_STAFF, the account VIEWER: refused, saying why, on a read of data as on `me`.
    expect(await dataEverywhere(accessToken)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const refused = await gql(cityA.graphql, COMPLETENESS, { p: period }, accessToken);
    expect(refused.errors?.[0].message).toContain('Vai trò hoặc đơn vị của tài khoản đã thay đổi');
    const renewed = (await refresh(district.graphql, refreshToken)).data!.refreshToken;
    for (const city of [cityA, cityB]) {
      expect(errorCode(await gql(city.graphql, COMPLETENESS, { p: period }, renewed.accessToken))).toBe('FORBIDDEN');
      expect((await gqlOk(city.graphql, ME, {}, renewed.accessToken)).me.role).toBe('VIEWER');
    }
  });

  it('closes a disabled user’s open subscription with 4401, on the replica that holds it', async () => {
    await createUser('man.hinh', 'VIEWER');
    const { accessToken } = await login(district.graphql, 'man.hinh');
    let closedWith: number | undefined;
    let received = 0;
    const client = createClient({
      url: `${cityB.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${accessToken}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: (e) => (closedWith = (e as { code?: number }).code) },
    });
    try {
      client.subscribe(
        { query: 'subscription($p: String!) { briefingSummaryUpdated(period: $p) { period } }', variables: { p: quarterFromNow(0).code } },
        { next: () => received++, error: () => undefined, complete: () => undefined },
      );
      expect(
        await eventually(
          () => Promise.resolve(received),
          (n) => n > 0,
          60_000,
        ),
      ).toBeGreaterThan(0);
      expect(closedWith).toBeUndefined();

      await gqlOk(district.graphql, ACTIVE, { u: 'man.hinh', a: false }, admin);
      expect(
        await eventually(
          () => Promise.resolve(closedWith),
          (c) => c !== undefined,
          30_000,
        ),
      ).toBe(SESSION_ENDED_CLOSE_CODE);
      expect(SESSION_ENDED_CLOSE_CODE).toBe(4401);
    } finally {
      await client.dispose();
    }
  });
});
