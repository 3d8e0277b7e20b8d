/**
 * Unit versions, reports and accounts name a unit's identity beside its code (issue 14, step C4 of
 * docs/design/units-over-time-landing.md). Over HTTP and in the tables: after `prepare` every version points at its
 * identity (Hanoi's from its history, `00008` of 2024 at Phường Liễu Giai, `00008@2021-07-01`), the demo's reports and
 * the development accounts at their unit's; a report filed, drafted, an account made or moved through the APIs carries
 * its own; rows left without one (written before the column existed) are filled by the next `prepare`, and a second
 * run writes nothing.
 */
import { loadConfig, NotificationKind } from '@council/core';
import { NotificationsService, UnitNames } from '@council/notifications';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { prepareDatabase } from '../apps/database-cli/src/prepare.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { daysFromNow } from './support/council-fixtures.js';
import { districtEraCommune } from './support/eras.js';
import { eventually } from './support/eventually.js';
import { gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { ok, readReport, realisticValues, reviewReport, saveReport, submitReport, valueList } from './support/reporting.js';
import { testPool } from './support/sql.js';
import { tableState } from './support/table-state.js';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let city: RunningApp;
let db: pg.Pool;

const WARD = districtEraCommune('00472'); // Xã Tiên Dương, Huyện Đông Anh
const TABLES = ['hierarchy.unit', 'hierarchy.council_unit', 'district.report', 'auth.user_account'];
const prepare = () => prepareDatabase(isolated.url, loadConfig({ ...process.env, DATABASE_URL: isolated.url }));

/** The identity key each row of `table` points at, by `key` (a column or expression of `t`). */
async function keysOf(sql: string, params: unknown[] = []): Promise<Record<string, string | null>> {
  const { rows } = await db.query<{ k: string; key: string | null }>(sql, params);
  return Object.fromEntries(rows.map((r) => [r.k, r.key]));
}

beforeAll(async () => {
  isolated = await isolatedDatabase('identity', { demo: true });
  [district, city] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API)]);
  db = testPool(isolated.url, 2);
}, 300_000);

afterAll(async () => {
  await db?.end();
  await Promise.all([district?.close(), city?.close()]);
  await isolated?.restore();
});

describe('after prepare', () => {
  it('every unit version names an identity: a Hanoi code its 2021 identity, whatever later bore the code', async () => {
    const { rows } = await db.query<{ n: number; missing: number; wrong: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE c.unit_id IS NULL)::int AS missing,
              count(*) FILTER (WHERE u.code <> c.code)::int AS wrong
         FROM hierarchy.council_unit c LEFT JOIN hierarchy.unit u ON u.id = c.unit_id WHERE c.root_code = '01'`,
    );
    expect(rows[0]).toEqual({ n: expect.any(Number), missing: 0, wrong: 0 });
    expect(rows[0].n).toBeGreaterThan(600);
    const keys = await keysOf(
      `SELECT c.code AS k, u.key FROM hierarchy.council_unit c JOIN hierarchy.unit u ON u.id = c.unit_id WHERE c.code = ANY($1)`,
      [['01', '009', '00008', '00466']],
    );
    expect(keys).toEqual({ '01': '01@2021-07-01', '009': '009@2021-07-01', '00008': '00008@2021-07-01', '00466': '00466@2021-07-01' });
  });

  it("the demo's reports and the development accounts name their unit's identity", async () => {
    const { rows } = await db.query<{ reports: number; missing: number; wrong: number }>(
      `SELECT count(*)::int AS reports, count(*) FILTER (WHERE r.unit_id IS NULL)::int AS missing,
              count(*) FILTER (WHERE u.key <> r.unit_code || '@2021-07-01')::int AS wrong
         FROM district.report r LEFT JOIN hierarchy.unit u ON u.id = r.unit_id`,
    );
    expect(rows[0].reports).toBeGreaterThan(400);
    expect(rows[0]).toMatchObject({ missing: 0, wrong: 0 });
    const accounts = await keysOf(
      `SELECT a.username AS k, u.key FROM auth.user_account a LEFT JOIN hierarchy.unit u ON u.id = a.unit_id WHERE a.username = ANY($1)`,
      [['admin', 'd009', 'w00457']],
    );
    expect(accounts).toEqual({ admin: '01@2021-07-01', d009: '009@2021-07-01', w00457: '00457@2021-07-01' });
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth.user_account WHERE dev_seed AND unit_id IS NULL`))
      .rows;
    expect(n).toBe(0);
  });
});

describe('the writers', () => {
  it('a draft and a submission of a new report, through the API, carry the identity of their unit as the quarter began', async () => {
    const token = await tokenFor(district.graphql, `w${WARD}`);
    // Quarters the demo did not file (it files 2024): the draft's insert, then the fast path's.
    const drafted = '2023Q3';
    ok(await saveReport(district.graphql, token, { unitCode: WARD, period: drafted, values: valueList({ 'sessions.regular': 1 }) }));
    const filed = '2023Q4';
    ok(
      await submitReport(district.graphql, token, {
        unitCode: WARD,
        period: filed,
        values: valueList(realisticValues('WARD', 7)),
      }),
    );
    const keys = await keysOf(
      `SELECT r.period AS k, u.key FROM district.report r JOIN hierarchy.unit u ON u.id = r.unit_id WHERE r.unit_code = $1 AND r.period = ANY($2)`,
      [WARD, [drafted, filed]],
    );
    expect(keys).toEqual({ [drafted]: `${WARD}@2021-07-01`, [filed]: `${WARD}@2021-07-01` });
  });

  it('an account made by the administrator names its unit, and moving it to another unit moves the identity', async () => {
    const admin = await tokenFor(district.graphql, 'admin');
    await gqlOk(
      district.graphql,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { username } } }`,
      { input: { username: 'identity.clerk', role: 'WARD_STAFF', unitCode: WARD, password: 'ab12cd34ef56' } },
      admin,
    );
    const key = async () =>
      (
        await keysOf(
          `SELECT a.username AS k, u.key FROM auth.user_account a JOIN hierarchy.unit u ON u.id = a.unit_id WHERE a.username = $1`,
          ['identity.clerk'],
        )
      )['identity.clerk'];
    expect(await key()).toBe(`${WARD}@2021-07-01`);
    await gqlOk(
      district.graphql,
      `mutation($u: String!, $input: UpdateUserInput!) { updateUser(username: $u, input: $input) { username } }`,
      { u: 'identity.clerk', input: { role: 'DISTRICT_STAFF', unitCode: '009' } },
      admin,
    );
    expect(await key()).toBe('009@2021-07-01');
  });
});

describe('scope by identity', () => {
  it("refuses the clerk of the unit that bears a code from 2025-07-01 the reports that code's earlier unit filed", async () => {
    // 00466 was Xã Nguyên Khê until 2025-06-30 and is Xã Phúc Thịnh since. Phúc Thịnh's clerk is made as the seed of
    // the three eras will make them (C7): an account of the 2025-07-01 identity under the code.
    const admin = await tokenFor(district.graphql, 'admin');
    await gqlOk(
      district.graphql,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { username } } }`,
      { input: { username: 'phucthinh.clerk', role: 'WARD_STAFF', unitCode: '00466', password: 'ab12cd34ef56' } },
      admin,
    );
    const { rowCount } = await db.query(
      `UPDATE auth.user_account SET unit_id = (SELECT id FROM hierarchy.unit WHERE key = '00466@2025-07-01') WHERE username = 'phucthinh.clerk'`,
    );
    expect(rowCount).toBe(1);
    const period = '2024Q2';
    const input = { unitCode: '00466', period, values: valueList({ 'sessions.regular': 1 }) };
    const before = await tableState(db, ['district.report', 'district.report_version']);
    const phucThinh = await tokenFor(district.graphql, 'phucthinh.clerk', 'ab12cd34ef56');
    for (const res of [
      await saveReport(district.graphql, phucThinh, input),
      await submitReport(district.graphql, phucThinh, input),
      await readReport(district.graphql, phucThinh, '00466', period),
    ]) {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', unitCode: '00466' });
      expect(res.errors?.[0]?.message).toContain('Xã Nguyên Khê');
    }
    expect(await tableState(db, ['district.report', 'district.report_version'])).toEqual(before);
    // Nguyên Khê's own clerk (the 2021 identity) reads it as ever.
    expect(ok(await readReport(district.graphql, await tokenFor(district.graphql, 'w00466'), '00466', period)).report).toMatchObject({
      unit: { code: '00466' },
      period,
      status: 'ACCEPTED',
    });
  });
});

describe('the reviewer and the figures by identity', () => {
  it("the district above a commune reviews it, and reads its figures, by the account's identity, not its code string", async () => {
    // The writers' test filed 2023Q4 for Xã Tiên Dương (Huyện Đông Anh, 017). An account under 017's code whose
    // identity is Huyện Sóc Sơn's (016) is not Đông Anh's staff; d017 is.
    const admin = await tokenFor(district.graphql, 'admin');
    await gqlOk(
      district.graphql,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { username } } }`,
      { input: { username: 'not.donganh', role: 'DISTRICT_STAFF', unitCode: '017', password: 'ab12cd34ef56' } },
      admin,
    );
    await db.query(
      `UPDATE auth.user_account SET unit_id = (SELECT id FROM hierarchy.unit WHERE key = '016@2021-07-01') WHERE username = 'not.donganh'`,
    );
    const [{ id }] = (await db.query<{ id: string }>(`SELECT id FROM district.report WHERE unit_code = $1 AND period = '2023Q4'`, [WARD]))
      .rows;
    const before = await tableState(db, ['district.report']);
    const refused = await reviewReport(district.graphql, await tokenFor(district.graphql, 'not.donganh', 'ab12cd34ef56'), id, 'ACCEPT');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await tableState(db, ['district.report'])).toEqual(before);
    expect(ok(await reviewReport(district.graphql, await tokenFor(district.graphql, 'd017'), id, 'ACCEPT')).reviewReport.status).toBe(
      'ACCEPTED',
    );
    // Nor does it read Đông Anh's completeness: a district's is its own unit's, by identity where the account has one.
    const completeness = `query { completeness(period: "2024Q2", level: WARD, scope: "017") { expected } }`;
    const refusedFigures = await gql(city.graphql, completeness, {}, await tokenFor(city.graphql, 'not.donganh', 'ab12cd34ef56'));
    expect(refusedFigures.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'scope' });
    expect((await gqlOk(city.graphql, completeness, {}, await tokenFor(city.graphql, 'd017'))).completeness.expected).toBeGreaterThan(10);
  });
});

describe('notifications by identity', () => {
  it("tells a unit's news to the staff of the unit as it stood then, by identity: Nguyên Khê's, not Phúc Thịnh's under the same code", async () => {
    // A missing 2024 report of 00466 (Xã Nguyên Khê then, Huyện Đông Anh above it) goes to the commune and its district.
    // Two accounts bear those codes with other identities: the clerk of Xã Phúc Thịnh (00466 since 2025-07-01) and
    // one under 017 whose identity is Huyện Sóc Sơn's. Neither is told.
    const admin = await tokenFor(district.graphql, 'admin');
    const others: [string, string, string, string][] = [
      ['phucthinh.told', 'WARD_STAFF', '00466', '00466@2025-07-01'],
      ['socson.told', 'DISTRICT_STAFF', '017', '016@2021-07-01'],
    ];
    for (const [username, role, unitCode, key] of others) {
      await gqlOk(
        district.graphql,
        `mutation($input: CreateUserInput!) { createUser(input: $input) { user { username } } }`,
        { input: { username, role, unitCode, password: 'ab12cd34ef56' } },
        admin,
      );
      await db.query(`UPDATE auth.user_account SET unit_id = (SELECT id FROM hierarchy.unit WHERE key = $2) WHERE username = $1`, [
        username,
        key,
      ]);
    }
    const worker = await startApp(SYNC_WORKER);
    try {
      const unit = await worker.app.get(UnitNames).of('00466', '2024-04-01');
      const ids = await keysOf(`SELECT key AS k, id::text AS key FROM hierarchy.unit WHERE key = ANY($1)`, [
        ['00466@2021-07-01', '017@2021-07-01'],
      ]);
      expect(unit).toMatchObject({
        code: '00466',
        unitId: ids['00466@2021-07-01'],
        parentCode: '017',
        parentUnitId: ids['017@2021-07-01'],
        name: { vi: 'Xã Nguyên Khê' },
      });
      const key = 'identity:00466:2024Q2';
      const subject = { unitCode: '00466', unitName: unit.name, period: '2024Q2', dueDate: '2024-07-15', days: 3 };
      expect(
        await worker.app.get(NotificationsService).notify([{ kind: NotificationKind.REPORT_MISSING, key, unit, subject }]),
      ).toBeGreaterThan(0);
      const { rows } = await db.query<{ username: string }>(
        `SELECT a.username FROM notify.notification n JOIN auth.user_account a ON a.id = n.user_id WHERE n.dedupe_key = $1 ORDER BY 1`,
        [`REPORT_MISSING:${key}`],
      );
      const told = rows.map((r) => r.username);
      expect(told).toEqual(expect.arrayContaining(['d017', 'w00466']));
      expect(told.filter((u) => others.some(([other]) => other === u))).toEqual([]);
    } finally {
      await worker.close();
    }
  });
});

describe('assignments by identity', () => {
  it("keeps an assignment given to 00466 with the unit it was given to: Nguyên Khê's clerk has it, Phúc Thịnh's neither sees nor moves it", async () => {
    // Đông Anh gives its commune 00466 a task; the worker fans it out on the district side. Phúc Thịnh's clerk (the
    // 2025-07-01 identity under the code, made by the scope test above) is not that commune's clerk.
    const worker = await startApp(SYNC_WORKER);
    try {
      const d017 = await tokenFor(city.graphql, 'd017');
      const { issueDirective } = await gqlOk(
        city.graphql,
        `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`,
        { i: { title: 'Rà soát danh sách cử tri', body: 'Rà soát và báo cáo.', dueDate: daysFromNow(20), targetUnitCodes: ['00466'] } },
        d017,
      );
      const assigned = await eventually(
        async () =>
          (
            await db.query<{ id: string }>(`SELECT id FROM district.assignment WHERE directive_id = $1 AND unit_code = '00466'`, [
              issueDirective.id,
            ])
          ).rows,
        (rows) => rows.length === 1,
        20_000,
        200,
      );
      const [{ id }] = assigned;
      const LIST = `{ assignments { id } }`;
      const MOVE = `mutation($id: ID!) { updateAssignment(id: $id, status: IN_PROGRESS, note: "Đã nhận") { status } }`;

      const phucThinh = await tokenFor(district.graphql, 'phucthinh.clerk', 'ab12cd34ef56');
      expect((await gqlOk(district.graphql, LIST, {}, phucThinh)).assignments.map((a: { id: string }) => a.id)).not.toContain(id);
      const before = await tableState(db, ['district.assignment', 'district.assignment_history']);
      const refused = await gql(district.graphql, MOVE, { id }, phucThinh);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(await tableState(db, ['district.assignment', 'district.assignment_history'])).toEqual(before);

      const nguyenKhe = await tokenFor(district.graphql, 'w00466');
      expect((await gqlOk(district.graphql, LIST, {}, nguyenKhe)).assignments.map((a: { id: string }) => a.id)).toContain(id);
      expect((await gqlOk(district.graphql, MOVE, { id }, nguyenKhe)).updateAssignment.status).toBe('IN_PROGRESS');
    } finally {
      await worker.close();
    }
  });
});

describe('prepare again', () => {
  it('fills what was written before the column existed, then writes nothing on a second run', async () => {
    await db.query(`UPDATE district.report SET unit_id = NULL WHERE unit_code = '009'`);
    await db.query(`UPDATE auth.user_account SET unit_id = NULL WHERE username = 'd009'`);
    await db.query(`UPDATE hierarchy.council_unit SET unit_id = NULL WHERE code = '009'`);
    await prepare();
    const [{ missing }] = (
      await db.query<{ missing: number }>(
        `SELECT (SELECT count(*) FROM district.report WHERE unit_id IS NULL)
              + (SELECT count(*) FROM auth.user_account WHERE unit_id IS NULL)
              + (SELECT count(*) FROM hierarchy.council_unit WHERE unit_id IS NULL) AS missing`,
      )
    ).rows;
    expect(Number(missing)).toBe(0);
    const before = await tableState(db, TABLES);
    await prepare();
    expect(await tableState(db, TABLES)).toEqual(before);
  });
});

describe('the development accounts over time (C7)', () => {
  it('gives the plain name to the latest council under a code and the earlier one its first month: w00466, w00466.2021-07', async () => {
    // Xã Phúc Thịnh as the seed of the three eras will hold it: a version of 00466 from 2025-07-01 under its own identity.
    await db.query(
      `INSERT INTO hierarchy.council_unit (code, name, level, kind, parent_code, root_code, valid_from, council_from, source, unit_id)
       SELECT '00466', 'Xã Phúc Thịnh', 'WARD', 'xa', '01', '01', '2025-07-01', '2025-07-01', 'test', id FROM hierarchy.unit WHERE key = '00466@2025-07-01'`,
    );
    try {
      const before = await keysOf(
        `SELECT a.username AS k, u.key FROM auth.user_account a JOIN hierarchy.unit u ON u.id = a.unit_id WHERE a.username LIKE 'w00466%'`,
      );
      expect(before).toEqual({ w00466: '00466@2021-07-01' });
      await prepare();
      const after = await keysOf(
        `SELECT a.username AS k, u.key || ' ' || a.display_name || ' ' || a.role AS key FROM auth.user_account a
           JOIN hierarchy.unit u ON u.id = a.unit_id WHERE a.username LIKE 'w00466%'`,
      );
      expect(after).toEqual({
        w00466: '00466@2025-07-01 Thường trực HĐND Xã Phúc Thịnh WARD_STAFF',
        'w00466.2021-07': '00466@2021-07-01 Thường trực HĐND Xã Nguyên Khê WARD_STAFF',
      });
      // Nguyên Khê's clerk signs in under the new name, with the seed's password, and reads Nguyên Khê's 2024 report.
      const token = await tokenFor(district.graphql, 'w00466.2021-07');
      expect(ok(await readReport(district.graphql, token, '00466', '2024Q2')).report).toMatchObject({ unit: { code: '00466' } });
      // Nothing else moved: a second run writes nothing.
      const state = await tableState(db, ['auth.user_account']);
      await prepare();
      expect(await tableState(db, ['auth.user_account'])).toEqual(state);
    } finally {
      await db.query(`DELETE FROM hierarchy.council_unit WHERE code = '00466' AND valid_from = '2025-07-01'`);
    }
  });
});
