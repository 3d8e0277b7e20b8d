import { loadConfig } from '@council/core';
import { QueryCounterLogger } from '@council/database';
import { JwtService } from '@nestjs/jwt';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { prepareDatabase } from '../apps/database-cli/src/prepare.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { DISTRICT_ERA_DAY } from './support/eras.js';
import { DEV_PASSWORD, errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';
import { operatorHeaders } from './support/health.js';
import { testClient } from './support/sql.js';
import { expectRefusedStart, runUntilExit } from './support/start-up.js';

const env = assertTestEnvironment();
let city: RunningApp;
let district: RunningApp;

beforeAll(async () => {
  [city, district] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API)]);
});
afterAll(async () => {
  await Promise.all([city?.close(), district?.close()]);
});

describe('the Hanoi hierarchy over GraphQL', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor(city.graphql, 'city');
  });

  it('lists the 30 district-level units of the district era: 12 quận, 17 huyện, 1 thị xã', async () => {
    const data = await gqlOk(
      city.graphql,
      'query($d: Date) { councilUnits(level: DISTRICT, asOf: $d) { code name nameEn kind level hasCouncil parent { code } } }',
      { d: DISTRICT_ERA_DAY },
      token,
    );
    const units = data.councilUnits as { code: string; name: string; kind: string; hasCouncil: boolean; parent: { code: string } }[];
    expect(units).toHaveLength(30);
    const byKind = units.reduce<Record<string, number>>((acc, u) => ({ ...acc, [u.kind]: (acc[u.kind] ?? 0) + 1 }), {});
    expect(byKind).toEqual({ quan: 12, huyen: 17, thi_xa: 1 });
    expect(units.every((u) => u.hasCouncil && u.parent.code === '01')).toBe(true);
    expect(units.find((u) => u.code === '269')).toMatchObject({ name: 'Thị xã Sơn Tây', kind: 'thi_xa', nameEn: 'Son Tay Town' });
  });

  it("returns Thanh Xuân's 11 phường in the district era, none with a council then", async () => {
    const data = await gqlOk(
      city.graphql,
      'query($d: Date) { councilUnits(parentCode: "009", asOf: $d) { code name kind level hasCouncil } }',
      { d: DISTRICT_ERA_DAY },
      token,
    );
    expect(data.councilUnits).toHaveLength(11);
    for (const u of data.councilUnits) expect(u).toMatchObject({ kind: 'phuong', level: 'WARD', hasCouncil: false });
    expect(data.councilUnits.map((u: { name: string }) => u.name)).toContain('Phường Khương Trung');
  });

  it('has 579 commune-level units in the district era, of which 404 (383 xã, 21 thị trấn) have a council', async () => {
    const data = await gqlOk(
      city.graphql,
      'query($d: Date) { councilUnits(level: WARD, asOf: $d) { code kind hasCouncil } }',
      { d: DISTRICT_ERA_DAY },
      token,
    );
    const wards = data.councilUnits as { kind: string; hasCouncil: boolean }[];
    expect(wards).toHaveLength(579);
    const withCouncil = wards.filter((w) => w.hasCouncil);
    expect(withCouncil).toHaveLength(404);
    expect(withCouncil.filter((w) => w.kind === 'xa')).toHaveLength(383);
    expect(withCouncil.filter((w) => w.kind === 'thi_tran')).toHaveLength(21);
    expect(wards.filter((w) => w.kind === 'phuong').every((w) => !w.hasCouncil)).toBe(true);
  });

  it('resolves children of all 30 districts without a query per district', async () => {
    const before = QueryCounterLogger.queries;
    const data = await gqlOk(
      city.graphql,
      'query($d: Date) { councilUnits(level: DISTRICT, asOf: $d) { code children { code parent { code } } } }',
      { d: DISTRICT_ERA_DAY },
      token,
    );
    const statements = QueryCounterLogger.queries - before;
    expect(data.councilUnits.flatMap((d: { children: unknown[] }) => d.children)).toHaveLength(579);
    // districts, their children (one batch), the children's parents (one batch)
    expect(statements).toBeLessThanOrEqual(3);
  });

  it('answers an unknown unit with null, and an unknown parent code with BAD_USER_INPUT naming the field', async () => {
    expect((await gqlOk(city.graphql, '{ councilUnit(code: "99999") { code } }', {}, token)).councilUnit).toBeNull();
    const res = await gql(city.graphql, '{ councilUnits(parentCode: "999") { code } }', {}, token);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe('parentCode');
  });

  it('serves the metric catalogue with Vietnamese and English names and groups', async () => {
    const data = await gqlOk(district.graphql, '{ metrics { code nameVi nameEn group } }', {}, await tokenFor(district.graphql, 'd009'));
    expect(data.metrics).toHaveLength(20);
    expect(data.metrics[0]).toEqual({
      code: 'sessions.regular',
      nameVi: 'Kỳ họp thường lệ',
      nameEn: expect.any(String),
      group: 'sessions',
    });
    expect(data.metrics.find((m: { code: string }) => m.code === 'voter_contacts.thematic').group).toBe('voters');
  });
});

describe('sign-in and scopes', () => {
  it('signs in a district user on both APIs, and me names Quận Thanh Xuân', async () => {
    for (const api of [city, district]) {
      const login = await gqlOk(
        api.graphql,
        `mutation { login(username: "d009", password: "${DEV_PASSWORD}") { accessToken expiresAt user { username role } } }`,
      );
      expect(login.login.user).toEqual({ username: 'd009', role: 'DISTRICT_STAFF' });
      expect(new Date(login.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const me = await gqlOk(api.graphql, '{ me { username role unit { code name level } } }', {}, login.login.accessToken);
      expect(me.me).toEqual({
        username: 'd009',
        role: 'DISTRICT_STAFF',
        unit: { code: '009', name: 'Quận Thanh Xuân', level: 'DISTRICT' },
      });
    }
  });

  it('refuses a request without a token, or with a forged one, as UNAUTHENTICATED', async () => {
    for (const query of ['{ me { username } }', '{ councilUnits { code } }', '{ metrics { code } }']) {
      const res = await gql(city.graphql, query);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
    const token = await tokenFor(city.graphql, 'city');
    const [h, p] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'CITY_ADMIN' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(errorCode(await gql(city.graphql, '{ me { username } }', {}, forged))).toBe('UNAUTHENTICATED');
  });

  it('refuses a correctly signed token that carries no expiry', async () => {
    const jwt = new JwtService({ secret: loadConfig(process.env).jwtSecret });
    const token = await tokenFor(city.graphql, 'city');
    const { exp: _exp, iat: _iat, iss: _iss, ...claims } = jwt.decode<Record<string, unknown>>(token);
    const eternal = jwt.sign(claims, { algorithm: 'HS256', issuer: 'council-platform' });
    expect(jwt.decode<Record<string, unknown>>(eternal).exp).toBeUndefined();
    expect(errorCode(await gql(city.graphql, '{ me { username } }', {}, eternal))).toBe('UNAUTHENTICATED');
  });

  it('gives a wrong password exactly the same error as an unknown user', async () => {
    const wrong = await gql(city.graphql, 'mutation { login(username: "d001", password: "not-it") { accessToken } }');
    const unknown = await gql(city.graphql, 'mutation { login(username: "no-such-user", password: "not-it") { accessToken } }');
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors).toEqual(unknown.errors);
  });

  it('locks a user name out after repeated failures, even for the right password', async () => {
    const attempt = (password: string) =>
      gql(city.graphql, `mutation { login(username: "d030", password: "${password}") { accessToken } }`);
    for (let i = 0; i < 5; i++) expect(errorCode(await attempt('wrong-' + i))).toBe('UNAUTHENTICATED');
    const locked = await attempt(DEV_PASSWORD);
    expect(errorCode(locked)).toBe('TOO_MANY_REQUESTS');
    expect(locked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('lets a viewer read reference data', async () => {
    const viewer = await tokenFor(city.graphql, 'viewer');
    expect((await gqlOk(city.graphql, '{ me { role } }', {}, viewer)).me.role).toBe('VIEWER');
    expect((await gqlOk(city.graphql, '{ councilUnit(code: "01") { name } }', {}, viewer)).councilUnit.name).toBe('Thành phố Hà Nội');
  });
});

describe('secure by default', () => {
  it('refuses a query 50 levels deep before running any of it', async () => {
    const token = await tokenFor(city.graphql, 'city');
    let selection = 'code';
    for (let i = 0; i < 49; i++) selection = `children { ${selection} }`;
    const before = QueryCounterLogger.queries;
    const res = await gql(city.graphql, `{ councilUnit(code: "01") { ${selection} } }`, {}, token);
    expect(res.data ?? null).toBeNull();
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    // Depth and cost limits both reject it; either way nothing ran.
    expect(res.errors?.map((e) => e.message).join(' ')).toMatch(/depth|cost/i);
    expect(QueryCounterLogger.queries).toBe(before);
  });

  it('refuses a query with too many aliases', async () => {
    const token = await tokenFor(city.graphql, 'city');
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: councilUnit(code: "01") { code }`).join(' ');
    const res = await gql(city.graphql, `{ ${aliases} }`, {}, token);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports bad variables as BAD_USER_INPUT naming the field, with no stack trace', async () => {
    const res = await gql(city.graphql, 'mutation($u: String!) { login(username: $u, password: "x") { accessToken } }', { u: 42 });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe('u');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });
});

describe('health', () => {
  it('reports PostgreSQL and Redis on /health of both APIs, to the operator', async () => {
    for (const api of [city, district]) {
      const res = await fetch(`${api.url}/health`, { headers: operatorHeaders() });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    }
  });
});

describe('seeding', () => {
  async function snapshot(): Promise<string> {
    const client = testClient(env.databaseUrl);
    await client.connect();
    try {
      const parts = [
        await client.query(
          `SELECT md5(string_agg(t::text, '|' ORDER BY t.code, t.valid_from)) AS h, count(*) AS n FROM hierarchy.council_unit t`,
        ),
        await client.query(`SELECT md5(string_agg(t::text, '|' ORDER BY t.code)) AS h, count(*) AS n FROM hierarchy.metric t`),
        // The seed's own accounts: files sharing this database (audit-tokens) add users of their own, before or after
        // this one depending on the order jest picks.
        await client.query(
          `SELECT md5(string_agg(t::text, '|' ORDER BY t.username)) AS h, count(*) AS n FROM auth.user_account t WHERE t.dev_seed`,
        ),
      ];
      return JSON.stringify(parts.map((p) => p.rows[0]));
    } finally {
      await client.end();
    }
  }

  it('leaves exactly the same rows when run again', async () => {
    const before = await snapshot();
    await prepareDatabase(env.databaseUrl, loadConfig(process.env));
    expect(await snapshot()).toBe(before);
    expect(JSON.parse(before).map((p: { n: string }) => Number(p.n))).toEqual([610, 20, 3 + 30 + 404]);
  });
});

describe('start-up checks', () => {
  const run = (script: string, extraEnv: Record<string, string>) => runUntilExit(script, { ...process.env, ...extraEnv });

  it('exits non-zero naming Redis and its address when Redis cannot be reached', async () => {
    const outcome = await run('dist/apps/city-api/src/main.js', { REDIS_URL: 'redis://127.0.0.1:6399', CITY_API_PORT: '0' });
    expectRefusedStart(outcome);
    const { output } = outcome;
    expect(output).toMatch(/Redis/);
    expect(output).toContain('127.0.0.1:6399');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero naming PostgreSQL and its address when PostgreSQL cannot be reached', async () => {
    const outcome = await run('dist/apps/district-api/src/main.js', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5499/council',
      DISTRICT_API_PORT: '0',
    });
    expectRefusedStart(outcome);
    const { output } = outcome;
    expect(output).toMatch(/PostgreSQL/);
    expect(output).toContain('127.0.0.1:5499');
  });

  it('refuses to start in production with the default secret', async () => {
    const outcome = await run('dist/apps/city-api/src/main.js', { NODE_ENV: 'production', CITY_API_PORT: '0' });
    expectRefusedStart(outcome);
    const { output } = outcome;
    expect(output).toContain('JWT_SECRET');
  });
});
