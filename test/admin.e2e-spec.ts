/**
 * Administration on district-api: users (create, update, disable and re-enable, reset the password, list) and the
 * metric catalogue (add). Each operation is for the city's administrators only (FORBIDDEN for city and district
 * staff, changing nothing), refuses bad input naming the field and changing nothing, writes its audit entry (before
 * and after, never a password), and a disabled user's or a reset password's earlier tokens stop working on both APIs.
 */
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { quarterFromNow } from './support/clock.js';
import { DISTRICT_ERA_QUARTER, districtEraCommune } from './support/eras.js';
import { errorCode, gql, gqlOk, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { testPool } from './support/sql.js';
import { tableState } from './support/table-state.js';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let city: RunningApp;
let db: pg.Pool;
let api: string;
let admin: string;
let staff: Record<'city' | 'd009', string>;

const TABLES = ['auth.user_account', 'district.audit_log', 'hierarchy.metric'];
const USER = 'username role displayName active unit { code level }';
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { generatedPassword user { ${USER} } } }`;
const UPDATE = `mutation($u: String!, $input: UpdateUserInput!) { updateUser(username: $u, input: $input) { ${USER} } }`;
const ACTIVE = `mutation($u: String!, $a: Boolean!) { setUserActive(username: $u, active: $a) { ${USER} } }`;
const RESET = `mutation($u: String!, $p: String) { resetUserPassword(username: $u, password: $p) { generatedPassword user { username } } }`;
const USERS = `query($f: UserFilter, $o: Int, $l: Int) { users(filter: $f, offset: $o, limit: $l) { total items { ${USER} } } }`;
const ADD_METRIC = `mutation($input: AddMetricInput!) { addMetric(input: $input) { code nameVi nameEn group unitVi levels partOf } }`;
const ADMIN_AUDIT = `query($s: String) { adminAuditLog(subject: $s) { username action subject unitCode changes } }`;
const ME = '{ me { username role active unit { code } } }';
const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }';

const signIn = async (endpoint: string, username: string, password: string) =>
  (await gqlOk<{ login: { accessToken: string } }>(endpoint, LOGIN, { u: username, p: password })).login.accessToken;
const field = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.field;
const state = () => tableState(db, TABLES);

/** The request is refused with `code` (and `field`), and no table changed. */
async function refused(run: () => Promise<GraphQLResponse>, code: string, fieldName?: string): Promise<void> {
  const before = await state();
  const res = await run();
  expect({ code: errorCode(res), field: fieldName === undefined ? undefined : field(res) }).toEqual({ code, field: fieldName });
  expect(JSON.stringify(res)).not.toMatch(/stack|SELECT|INSERT|at \//);
  expect(await state()).toEqual(before);
}

beforeAll(async () => {
  isolated = await isolatedDatabase('admin');
  [district, city] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API)]);
  api = district.graphql;
  db = testPool(isolated.url, 2);
  admin = await tokenFor(api, 'admin');
  staff = { city: await tokenFor(api, 'city'), d009: await tokenFor(api, 'd009') };
});

afterAll(async () => {
  await db?.end();
  await Promise.all([district?.close(), city?.close()]);
  await isolated?.restore();
});

describe('who may administer', () => {
  it.each(['city', 'd009'] as const)('refuses %s every administration operation (FORBIDDEN), changing nothing', async (who) => {
    const token = staff[who];
    const ops: [string, Record<string, unknown>][] = [
      [CREATE, { input: { username: 'nobody1', role: 'VIEWER' } }],
      [UPDATE, { u: 'w00457', input: { displayName: 'x' } }],
      [ACTIVE, { u: 'w00457', a: false }],
      [RESET, { u: 'w00457', p: 'Hanoi-2026-xyz' }],
      [USERS, {}],
      [ADD_METRIC, { input: { code: 'x.forbidden', nameVi: 'x', nameEn: 'x', group: 'sessions', unitVi: 'cuộc' } }],
    ];
    for (const [query, variables] of ops) await refused(() => gql(api, query, variables, token), 'FORBIDDEN');
  });

  it('refuses an anonymous caller (UNAUTHENTICATED)', async () => {
    await refused(() => gql(api, USERS, {}), 'UNAUTHENTICATED');
  });
});

describe('users', () => {
  it('creates a commune clerk with a generated password, shown once, who then signs in; audited without the password', async () => {
    const res = await gqlOk(
      api,
      CREATE,
      {
        input: {
          username: ' Linh.Nguyen ',
          displayName: 'Nguyễn Thị Linh',
          role: 'WARD_STAFF',
          unitCode: '00457',
          email: ' linh@xuannon.example.vn ',
        },
      },
      admin,
    );
    const { user, generatedPassword } = res.createUser;
    expect(user).toEqual({
      username: 'linh.nguyen',
      role: 'WARD_STAFF',
      displayName: 'Nguyễn Thị Linh',
      active: true,
      unit: { code: '00457', level: 'WARD' },
    });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    const token = await signIn(api, 'linh.nguyen', generatedPassword);
    expect((await gqlOk(city.graphql, ME, {}, token)).me).toEqual({
      username: 'linh.nguyen',
      role: 'WARD_STAFF',
      active: true,
      unit: { code: '00457' },
    });

    const audit = (await gqlOk(api, ADMIN_AUDIT, { s: 'user:linh.nguyen' }, admin)).adminAuditLog;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: 'admin', action: 'USER_CREATE', unitCode: '00457' });
    expect(JSON.parse(audit[0].changes)).toEqual({
      before: null,
      after: {
        username: 'linh.nguyen',
        displayName: 'Nguyễn Thị Linh',
        role: 'WARD_STAFF',
        unitCode: '00457',
        active: true,
        email: 'linh@xuannon.example.vn',
      },
    });
    expect(audit[0].changes).not.toContain(generatedPassword);
    expect(audit[0].changes).not.toMatch(/password|argon2/i);
  });

  it('creates a city role with no unit (the city), with the password the administrator chose', async () => {
    const res = await gqlOk(api, CREATE, { input: { username: 'city.two', role: 'CITY_STAFF', password: 'Thu-do-2026' } }, admin);
    expect(res.createUser).toEqual({
      generatedPassword: null,
      user: expect.objectContaining({ role: 'CITY_STAFF', unit: { code: '01', level: 'CITY' } }),
    });
    await signIn(api, 'city.two', 'Thu-do-2026');
  });

  it('refuses bad input naming the field, changing nothing', async () => {
    const create = (input: Record<string, unknown>) => () => gql(api, CREATE, { input }, admin);
    await refused(create({ username: 'w00457', role: 'WARD_STAFF', unitCode: '00457' }), 'CONFLICT', 'input.username');
    await refused(create({ username: 'Bad Name', role: 'VIEWER' }), 'BAD_USER_INPUT', 'input.username');
    await refused(create({ username: 'weak1', role: 'VIEWER', password: 'abc123' }), 'BAD_USER_INPUT', 'input.password');
    await refused(create({ username: 'weak2', role: 'VIEWER', password: 'onlyletters' }), 'BAD_USER_INPUT', 'input.password');
    await refused(create({ username: 'nounit', role: 'WARD_STAFF', unitCode: '99999' }), 'BAD_USER_INPUT', 'input.unitCode');
    await refused(create({ username: 'nounit2', role: 'WARD_STAFF' }), 'BAD_USER_INPUT', 'input.unitCode');
    // A commune clerk needs a commune with a council: not a district, not a phường (no council in this term).
    await refused(create({ username: 'mismatch1', role: 'WARD_STAFF', unitCode: '009' }), 'BAD_USER_INPUT', 'input.unitCode');
    await refused(create({ username: 'mismatch2', role: 'WARD_STAFF', unitCode: '00001' }), 'BAD_USER_INPUT', 'input.unitCode');
    await refused(create({ username: 'mismatch3', role: 'DISTRICT_STAFF', unitCode: '00457' }), 'BAD_USER_INPUT', 'input.unitCode');
    await refused(create({ username: 'mismatch4', role: 'CITY_STAFF', unitCode: '009' }), 'BAD_USER_INPUT', 'input.unitCode');
    await refused(() => gql(api, UPDATE, { u: 'nobody.here', input: { displayName: 'x' } }, admin), 'NOT_FOUND', 'username');
    await refused(() => gql(api, UPDATE, { u: 'w00457', input: { role: 'DISTRICT_STAFF' } }, admin), 'BAD_USER_INPUT', 'input.unitCode');
    await refused(() => gql(api, UPDATE, { u: 'admin', input: { role: 'CITY_STAFF' } }, admin), 'BAD_USER_INPUT', 'input.role');
    await refused(() => gql(api, ACTIVE, { u: 'admin', a: false }, admin), 'BAD_USER_INPUT', 'active');
    await refused(() => gql(api, RESET, { u: 'w00457', p: 'w00457-password' }, admin), 'BAD_USER_INPUT', 'password');
  });

  it('moves a user to another role and unit: their current token is refused at once, a new session has the new ones; audited before and after', async () => {
    await gqlOk(api, CREATE, { input: { username: 'mover', role: 'WARD_STAFF', unitCode: '00457', password: 'Chuyen-2026-a' } }, admin);
    const token = await signIn(api, 'mover', 'Chuyen-2026-a');
    const res = await gqlOk(
      api,
      UPDATE,
      { u: 'mover', input: { role: 'DISTRICT_STAFF', unitCode: '009', displayName: 'Trần Văn B' } },
      admin,
    );
    expect(res.updateUser).toMatchObject({ role: 'DISTRICT_STAFF', displayName: 'Trần Văn B', unit: { code: '009', level: 'DISTRICT' } });
    // The token was signed for a commune's clerk: it no longer says who this is, on either API.
    expect(errorCode(await gql(api, ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(city.graphql, ME, {}, token))).toBe('UNAUTHENTICATED');
    const again = await signIn(api, 'mover', 'Chuyen-2026-a');
    expect((await gqlOk(api, ME, {}, again)).me).toMatchObject({ role: 'DISTRICT_STAFF', unit: { code: '009' } });
    const [entry] = (await gqlOk(api, ADMIN_AUDIT, { s: 'user:mover' }, admin)).adminAuditLog;
    expect(entry.action).toBe('USER_UPDATE');
    expect(JSON.parse(entry.changes)).toMatchObject({
      before: { role: 'WARD_STAFF', unitCode: '00457', displayName: null },
      after: { role: 'DISTRICT_STAFF', unitCode: '009', displayName: 'Trần Văn B' },
    });
  });

  it('disables a user: sign-in and their existing token are refused on both APIs; re-enabled, they sign in again', async () => {
    await gqlOk(api, CREATE, { input: { username: 'leaver', role: 'DISTRICT_STAFF', unitCode: '009', password: 'Nghi-viec-2026' } }, admin);
    const token = await signIn(api, 'leaver', 'Nghi-viec-2026');
    expect((await gqlOk(city.graphql, ME, {}, token)).me.username).toBe('leaver');
    expect((await gqlOk(api, ACTIVE, { u: 'leaver', a: false }, admin)).setUserActive.active).toBe(false);
    expect(errorCode(await gql(api, ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(city.graphql, ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(api, LOGIN, { u: 'leaver', p: 'Nghi-viec-2026' }))).toBe('UNAUTHENTICATED');
    expect((await gqlOk(api, ACTIVE, { u: 'leaver', a: true }, admin)).setUserActive.active).toBe(true);
    await signIn(api, 'leaver', 'Nghi-viec-2026');
    const actions = (await gqlOk(api, ADMIN_AUDIT, { s: 'user:leaver' }, admin)).adminAuditLog.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['USER_ENABLE', 'USER_DISABLE', 'USER_CREATE']);
  });

  it('resets a password: the old password and the tokens issued before stop working, the new one signs in', async () => {
    await gqlOk(api, CREATE, { input: { username: 'forgetful', role: 'VIEWER', password: 'Quen-mat-2026' } }, admin);
    const token = await signIn(api, 'forgetful', 'Quen-mat-2026');
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry whole seconds: the reset comes a second later
    const { generatedPassword } = (await gqlOk(api, RESET, { u: 'forgetful' }, admin)).resetUserPassword;
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(errorCode(await gql(api, ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(city.graphql, ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(api, LOGIN, { u: 'forgetful', p: 'Quen-mat-2026' }))).toBe('UNAUTHENTICATED');
    const fresh = await signIn(api, 'forgetful', generatedPassword);
    expect((await gqlOk(api, ME, {}, fresh)).me.username).toBe('forgetful');
    const [entry] = (await gqlOk(api, ADMIN_AUDIT, { s: 'user:forgetful' }, admin)).adminAuditLog;
    expect(entry.action).toBe('USER_PASSWORD_RESET');
    expect(entry.changes).not.toContain(generatedPassword);
    expect(entry.changes).not.toMatch(/argon2|password/i);
  });

  it('lists users by role, unit (with the units under it) and text, a page at a time', async () => {
    const page = (await gqlOk(api, USERS, { f: { role: 'WARD_STAFF', unitCode: '017' }, l: 200 }, admin)).users;
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((u: { role: string }) => u.role === 'WARD_STAFF')).toBe(true);
    const text = (await gqlOk(api, USERS, { f: { search: 'LINH' } }, admin)).users;
    expect(text.items.map((u: { username: string }) => u.username)).toContain('linh.nguyen');
    const all = (await gqlOk(api, USERS, { l: 10 }, admin)).users;
    const next = (await gqlOk(api, USERS, { o: 10, l: 10 }, admin)).users;
    expect(all.items).toHaveLength(10);
    expect(next.total).toBe(all.total);
    expect(next.items[0].username > all.items[9].username).toBe(true);
    await refused(() => gql(api, USERS, { l: 1000 }, admin), 'BAD_USER_INPUT', 'limit');
    await refused(() => gql(api, USERS, { f: { unitCode: '99999' } }, admin), 'BAD_USER_INPUT', 'filter.unitCode');
  });
});

describe('the metric catalogue', () => {
  const followup = {
    code: 'supervisions.followup',
    nameVi: 'Giám sát việc thực hiện kiến nghị sau giám sát',
    nameEn: 'Follow-up supervisions',
    group: 'supervision',
    unitVi: 'cuộc',
    levels: ['DISTRICT', 'WARD'],
    partOf: 'supervisions.thematic',
  };

  it('refuses bad metrics naming the field, changing nothing', async () => {
    const add = (input: Record<string, unknown>) => () => gql(api, ADD_METRIC, { input: { ...followup, ...input } }, admin);
    await refused(add({ code: 'Supervisions.Followup' }), 'BAD_USER_INPUT', 'input.code');
    await refused(add({ code: 'followup' }), 'BAD_USER_INPUT', 'input.code');
    await refused(add({ code: 'sessions.regular' }), 'CONFLICT', 'input.code');
    await refused(add({ nameVi: '  ' }), 'BAD_USER_INPUT', 'input.nameVi');
    await refused(add({ group: 'nothing' }), 'BAD_USER_INPUT', 'input.group');
    await refused(add({ partOf: 'no.such' }), 'BAD_USER_INPUT', 'input.partOf');
    // confidence votes are not held by communes, so a part of them cannot apply there.
    await refused(
      add({ code: 'confidence_votes.low', group: 'confidence', partOf: 'confidence_votes.persons' }),
      'BAD_USER_INPUT',
      'input.levels',
    );
  });

  it('adds a metric: in the catalogue at once, its rules applied to reports, audited', async () => {
    const res = await gqlOk(api, ADD_METRIC, { input: followup }, admin);
    expect(res.addMetric).toEqual({ ...followup });
    const metrics = (await gqlOk(api, '{ metrics { code group } }', {}, admin)).metrics.map((m: { code: string }) => m.code);
    expect(metrics).toContain('supervisions.followup');
    // After the other supervision metrics (the form lists a group's metrics in catalogue order).
    expect(metrics.indexOf('supervisions.followup')).toBe(metrics.indexOf('surveys.conducted') + 1);

    // The part may not exceed its whole: a commune's draft keeps the figure with the rule's ERROR beside it (a quarter
    // of the district era, when Xuân Nộn had a council of its own; the draft shows the rule whatever the quarter).
    const ward = await tokenFor(api, 'w00457');
    const saved = await gqlOk(
      api,
      `mutation($input: ReportInput!) { saveReport(input: $input) { findings { rule field metric } } }`,
      {
        input: {
          unitCode: districtEraCommune('00457'),
          period: DISTRICT_ERA_QUARTER,
          values: [
            { metric: 'supervisions.thematic', value: 1 },
            { metric: 'supervisions.followup', value: 3 },
          ],
        },
      },
      ward,
    );
    expect(saved.saveReport.findings).toContainEqual({
      rule: 'PART_EXCEEDS_WHOLE',
      field: 'values[1].value',
      metric: 'supervisions.followup',
    });

    const [entry] = (await gqlOk(api, ADMIN_AUDIT, { s: 'metric:supervisions.followup' }, admin)).adminAuditLog;
    expect(entry).toMatchObject({ username: 'admin', action: 'METRIC_ADD' });
    expect(JSON.parse(entry.changes).after).toMatchObject({ code: 'supervisions.followup', partOf: 'supervisions.thematic' });
  });
});

describe('quarters', () => {
  it("audits a quarter's new deadline with the one before", async () => {
    const quarter = quarterFromNow(1);
    const due = `${quarter.year + 1}-02-15`;
    await gqlOk(
      api,
      'mutation($p: String!, $d: Date!) { setReportingDeadline(period: $p, dueDate: $d) { dueDate } }',
      { p: quarter.code, d: due },
      admin,
    );
    const [entry] = (await gqlOk(api, ADMIN_AUDIT, { s: `period:${quarter.code}` }, admin)).adminAuditLog;
    expect(entry.action).toBe('DEADLINE_SET');
    expect(JSON.parse(entry.changes)).toEqual({ before: { dueDate: expect.any(String) }, after: { dueDate: due } });
  });

  it('lists the four quarters of a year with their deadlines, the set one and the default', async () => {
    const quarter = quarterFromNow(1);
    const periods = (
      await gqlOk(api, 'query($y: Int!) { reportingPeriods(year: $y) { period dueDate defaultDueDate } }', { y: quarter.year }, staff.d009)
    ).reportingPeriods;
    expect(periods.map((p: { period: string }) => p.period)).toEqual([1, 2, 3, 4].map((n) => `${quarter.year}Q${n}`));
    const set = periods.find((p: { period: string }) => p.period === quarter.code);
    expect(set.dueDate).toBe(`${quarter.year + 1}-02-15`);
    expect(set.defaultDueDate).not.toBe(set.dueDate);
    expect(field(await gql(api, 'query { reportingPeriods(year: 99) { period } }', {}, admin))).toBe('year');
  });
});
