/**
 * Sign-in limits that hurt the guesser, not the owner (issue 16, part 4), on a real city-api behind a proxy: the
 * client's address comes from X-Forwarded-For, which the app believes from a loopback proxy (TRUST_PROXY), as behind
 * the gateway. LOGIN_MAX_FAILURES is 2 here, so the account-wide threshold (×20) is 40 failures.
 */
import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { DEV_PASSWORD, errorCode, type GraphQLResponse } from './support/graphql.js';

let city: RunningApp;
const saved = process.env.LOGIN_MAX_FAILURES;

beforeAll(async () => {
  process.env.LOGIN_MAX_FAILURES = '2';
  city = await startApp(CITY_API);
}, 60_000);
afterAll(async () => {
  await city?.close();
  if (saved === undefined) delete process.env.LOGIN_MAX_FAILURES;
  else process.env.LOGIN_MAX_FAILURES = saved;
});

/** A sign-in as seen through the gateway from `address`. */
async function signIn(username: string, password: string, address: string): Promise<GraphQLResponse> {
  const res = await fetch(city.graphql, {
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
    await new Promise((r) => setTimeout(r, 1100));
    expect(errorCode(await signIn('d001', 'guess-3', '198.51.100.4'))).toBe('UNAUTHENTICATED'); // one past: 2 s
    expect(retryAfter(await signIn('d001', 'guess-4', '198.51.100.4'))).toBe(2);
    // The right password from the same address waits too: the guesser cannot tell a hit from a miss meanwhile.
    expect(errorCode(await signIn('d001', DEV_PASSWORD, '198.51.100.4'))).toBe('TOO_MANY_REQUESTS');
  });

  it('lock the account itself only when guesses come from everywhere, far past the per-address limit', async () => {
    // 40 failures from 40 addresses: no address reaches its own limit, the account does.
    for (let i = 0; i < 39; i++) expect(errorCode(await signIn('d002', 'guess', `192.0.2.${i + 1}`))).toBe('UNAUTHENTICATED');
    expect(errorCode(await signIn('d002', DEV_PASSWORD, '10.20.0.16'))).toBeUndefined(); // 39: still the owner's
    expect(errorCode(await signIn('d002', 'guess', '192.0.2.200'))).toBe('UNAUTHENTICATED'); // the 40th
    expect(errorCode(await signIn('d002', DEV_PASSWORD, '10.20.0.16'))).toBe('TOO_MANY_REQUESTS');
  });
});
