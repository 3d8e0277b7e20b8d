/**
 * Sign-in limits that hurt the guesser, not the owner (issue 16, part 4), on a real city-api behind a proxy: the
 * client's address comes from X-Forwarded-For, which the app believes from a loopback proxy (TRUST_PROXY), as behind
 * the gateway. LOGIN_MAX_FAILURES is 2 here, so the per-address threshold (×10) is 20 failures and the account-wide
 * one (×20) 40. An account lock is told to administrators once: an audit entry (read on district-api, where
 * `adminAuditLog` is) and `council_sign_in_account_locks_total` on city-api's /metrics.
 */
import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { DEV_PASSWORD, errorCode, gqlOk, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { scrape, sumOf } from './support/prometheus.js';

let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;
const saved = { LOGIN_MAX_FAILURES: process.env.LOGIN_MAX_FAILURES, ALERT_EVERY_MS: process.env.ALERT_EVERY_MS };

beforeAll(async () => {
  process.env.LOGIN_MAX_FAILURES = '2';
  process.env.ALERT_EVERY_MS = '300';
  [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([city?.close(), district?.close(), worker?.close()]);
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

/** A sign-in to `api` (city-api unless told) as seen through the gateway from `address`. */
async function signIn(username: string, password: string, address: string, api = city): Promise<GraphQLResponse> {
  const res = await fetch(api.graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
      variables: { u: username, p: password },
    }),
  });
  return (await res.json()) as GraphQLResponse;
}
const retryAfter = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.retryAfterSeconds as number | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const accountLocks = async (api: RunningApp) => sumOf((await scrape(api.url)).series, 'council_sign_in_account_locks_total');
const ADMIN_AUDIT = `query($s: String) { adminAuditLog(subject: $s) { username action subject changes } }`;
const LOCK_NOTICES = `{ notifications(first: 100) { items { kind title body link } } }`;
/** The ACCOUNT_LOCKED notifications in `user`'s centre at city-api about the locked account `about`. */
const lockNotices = async (user: string, about: string) =>
  (
    (await gqlOk(city.graphql, LOCK_NOTICES, {}, await tokenFor(district.graphql, user))).notifications.items as {
      kind: string;
      title: string;
      body: string;
      link: string;
    }[]
  ).filter((n) => n.kind === 'ACCOUNT_LOCKED' && n.title.includes(` ${about} `));
const lockEntries = async (username: string) =>
  (await gqlOk(district.graphql, ADMIN_AUDIT, { s: `user:${username}` }, await tokenFor(district.graphql, 'admin'))).adminAuditLog as {
    username: string;
    action: string;
    subject: string;
    changes: string;
  }[];

describe('sign-in limits', () => {
  it('keep the hall’s viewer account usable from the hall while someone guesses at it from elsewhere', async () => {
    for (let i = 0; i < 6; i++) await signIn('viewer', `guess-${i}`, '203.0.113.7');
    const guesser = await signIn('viewer', DEV_PASSWORD, '203.0.113.7');
    expect(errorCode(guesser)).toBe('TOO_MANY_REQUESTS');
    const hall = await signIn('viewer', DEV_PASSWORD, '10.20.0.15');
    expect(hall.errors).toBeUndefined();
    expect(hall.data?.login.accessToken).toEqual(expect.any(String));
  });

  it('make each further guess from the same address wait twice as long', async () => {
    expect(errorCode(await signIn('d001', 'guess-1', '198.51.100.4'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await signIn('d001', 'guess-2', '198.51.100.4'))).toBe('UNAUTHENTICATED'); // the limit: 1 s
    expect(retryAfter(await signIn('d001', 'guess-3', '198.51.100.4'))).toBe(1);
    await sleep(1100);
    expect(errorCode(await signIn('d001', 'guess-3', '198.51.100.4'))).toBe('UNAUTHENTICATED'); // one past: 2 s
    expect(retryAfter(await signIn('d001', 'guess-4', '198.51.100.4'))).toBe(2);
    // The right password from the same address waits too: the guesser cannot tell a hit from a miss meanwhile.
    expect(errorCode(await signIn('d001', DEV_PASSWORD, '198.51.100.4'))).toBe('TOO_MANY_REQUESTS');
  });

  it('make an address that guesses at many user names wait, while the same names sign in from elsewhere', async () => {
    // 20 names once each: no name reaches its limit (2) at this address, the address reaches its own (20).
    const names = ['d001', 'city', ...Array.from({ length: 18 }, (_, i) => `khach${i}`)];
    for (const name of names) expect(errorCode(await signIn(name, 'guess', '198.51.100.9'))).toBe('UNAUTHENTICATED');
    expect(retryAfter(await signIn('khach-moi', 'guess', '198.51.100.9'))).toBe(1); // a name never tried waits too
    expect(errorCode(await signIn('d001', DEV_PASSWORD, '198.51.100.9'))).toBe('TOO_MANY_REQUESTS');
    await sleep(1100);
    expect(errorCode(await signIn('khach-moi', 'guess', '198.51.100.9'))).toBe('UNAUTHENTICATED'); // one past: 2 s
    expect(retryAfter(await signIn('city', 'guess', '198.51.100.9'))).toBe(2);
    for (const name of ['d001', 'city']) {
      const office = await signIn(name, DEV_PASSWORD, '10.20.0.17');
      expect(office.errors).toBeUndefined();
      expect(office.data?.login.accessToken).toEqual(expect.any(String));
    }
  });

  it.each([
    ['city-api', () => city, 'd002', '192.0.2'],
    ['district-api', () => district, 'd003', '198.18.0'],
  ])('lock the account itself on %s only when guesses come from everywhere, and tell administrators once', async (_, app, user, net) => {
    const api = app();
    const locksBefore = await accountLocks(api);
    // 40 failures from 40 addresses: no address reaches its own limit, the account does.
    for (let i = 0; i < 39; i++) expect(errorCode(await signIn(user, 'guess', `${net}.${i + 1}`, api))).toBe('UNAUTHENTICATED');
    expect(errorCode(await signIn(user, DEV_PASSWORD, '10.20.0.16', api))).toBeUndefined(); // 39: still the owner's
    expect(errorCode(await signIn(user, 'guess', `${net}.200`, api))).toBe('UNAUTHENTICATED'); // the 40th
    expect(errorCode(await signIn(user, DEV_PASSWORD, '10.20.0.16', api))).toBe('TOO_MANY_REQUESTS');
    // Further guesses are refused without telling administrators again: one lock, one alert.
    for (let i = 0; i < 3; i++) expect(errorCode(await signIn(user, 'guess', `${net}.${210 + i}`, api))).toBe('TOO_MANY_REQUESTS');
    expect(await accountLocks(api)).toBe(locksBefore + 1);
    const entries = await lockEntries(user);
    expect(entries).toEqual([expect.objectContaining({ username: 'system', action: 'ACCOUNT_LOCKED', subject: `user:${user}` })]);
    expect(JSON.parse(entries[0].changes)).toEqual({
      before: null,
      after: { failures: 40, windowSeconds: expect.any(Number), address: `${net}.200` },
    });
    // The administrator's bell: told once by the worker, in words, with the address; city staff are not told.
    const told = await eventually(
      () => lockNotices('admin', user),
      (n) => n.length > 0,
      15_000,
      200,
    );
    expect(told).toEqual([
      {
        kind: 'ACCOUNT_LOCKED',
        title: `Tài khoản ${user} bị khoá tạm thời`,
        body: expect.stringContaining(`40 lần đăng nhập sai vào tài khoản ${user}`),
        link: '/admin',
      },
    ]);
    expect(told[0].body).toContain(`lần cuối từ địa chỉ ${net}.200`);
    await new Promise((r) => setTimeout(r, 1000)); // three more runs of the worker's scan
    expect(await lockNotices('admin', user)).toHaveLength(1);
    expect(await lockNotices('city', user)).toEqual([]);
  });

  it('lock a name nobody has the same, without an alert: there is no account to tell about', async () => {
    const locksBefore = await accountLocks(city);
    for (let i = 0; i < 40; i++) expect(errorCode(await signIn('khong-co-ai', 'guess', `198.18.1.${i + 1}`))).toBe('UNAUTHENTICATED');
    expect(errorCode(await signIn('khong-co-ai', 'guess', '198.18.1.200'))).toBe('TOO_MANY_REQUESTS');
    expect(await accountLocks(city)).toBe(locksBefore);
    expect(await lockEntries('khong-co-ai')).toEqual([]);
  });
});
