/**
 * Hanoi as its three eras hold it (issue 14, C8: `prepare` with `eras`, not yet the default; see
 * docs/design/units-over-time-landing.md): the units on any day are that day's, a code names a unit only with a day,
 * and the clerk of a commune formed on 2025-07-01 files today's quarter, reviewed by the city, the district level gone.
 */
import { loadConfig } from '@council/core';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { prepareDatabase } from '../apps/database-cli/src/prepare.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { closeApps, type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { ok, readReport, realisticValues, reviewReport, submitReport, valueList } from './support/reporting.js';
import { SANITY_VISIBLE_MS } from './support/sanity-bounds.js';
import { SEED_003_BY_LEVEL, seed003Filings, seed003Input } from './support/seed-003.js';
import { testPool } from './support/sql.js';
import { tableState } from './support/table-state.js';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let db: pg.Pool;

beforeAll(async () => {
  isolated = await isolatedDatabase('eras', { eras: true });
  [district, city, worker] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(SYNC_WORKER)]);
  db = testPool(isolated.url, 2);
}, 120_000);

afterAll(async () => {
  await db?.end();
  await closeApps(worker, city, district);
  await isolated?.restore();
});

const UNITS = `query($l: CouncilLevel, $d: Date) { councilUnits(level: $l, asOf: $d) { code hasCouncil parent { code } } }`;
const UNIT = `query($c: String!, $d: Date) { councilUnit(code: $c, asOf: $d) { name parent { code name } } }`;

describe('the units of each era', () => {
  it.each([
    ['2024-06-30', 30, 579, 404],
    ['2025-03-31', 30, 526, 366],
    ['2025-07-01', 0, 126, 126],
  ])('on %s: %i districts, %i communes, %i of them with a council', async (day, districts, communes, councils) => {
    const token = await tokenFor(district.graphql, 'city');
    const read = async (l: string) =>
      (await gqlOk(district.graphql, UNITS, { l, d: day }, token)).councilUnits as { hasCouncil: boolean }[];
    expect((await read('DISTRICT')).length).toBe(districts);
    const wards = await read('WARD');
    expect(wards.length).toBe(communes);
    expect(wards.filter((w) => w.hasCouncil).length).toBe(councils);
  });

  it('reads a code at a day: 00008 is Phường Liễu Giai of Quận Ba Đình until 30/06/2025, Phường Ngọc Hà of the city from 01/07/2025', async () => {
    const token = await tokenFor(district.graphql, 'city');
    expect((await gqlOk(district.graphql, UNIT, { c: '00008', d: '2025-06-30' }, token)).councilUnit).toMatchObject({
      name: 'Phường Liễu Giai',
      parent: { code: '001', name: 'Quận Ba Đình' },
    });
    expect((await gqlOk(district.graphql, UNIT, { c: '00008', d: '2025-07-01' }, token)).councilUnit).toMatchObject({
      name: 'Phường Ngọc Hà',
      parent: { code: '01' },
    });
  });
});

describe('the district era’s figures', () => {
  it('are the seed’s for 2024Q1, by level, filed under the units of 2024 whatever bears their codes today', async () => {
    const token = await tokenFor(district.graphql, 'city');
    for (const f of seed003Filings()) ok(await submitReport(district.graphql, token, seed003Input(f)));
    const cityToken = await tokenFor(city.graphql, 'city');
    const byLevel = async () =>
      Object.fromEntries(
        (
          await gqlOk(
            city.graphql,
            `query($q: StatisticsQuery!) { statistics(query: $q) { rows { level metric { code } value } } }`,
            { q: { periods: ['2024Q1'], metrics: ['sessions.thematic', 'resolutions.issued'], groupBy: ['LEVEL', 'METRIC'] } },
            cityToken,
          )
        ).statistics.rows.map((r: { level: string; metric: { code: string }; value: number }) => [`${r.level} ${r.metric.code}`, r.value]),
      );
    expect(await eventually(byLevel, (v) => JSON.stringify(v) === JSON.stringify(SEED_003_BY_LEVEL), SANITY_VISIBLE_MS, 50)).toEqual(
      SEED_003_BY_LEVEL,
    );
  });
});

describe('today’s Hanoi', () => {
  it('the clerk of Phường Ngọc Hà files 2026Q3 for it, and the city reviews it', async () => {
    const clerk = await tokenFor(district.graphql, 'w00008');
    const filed = ok(
      await submitReport(district.graphql, clerk, { unitCode: '00008', period: '2026Q3', values: valueList(realisticValues('WARD', 8)) }),
    ).submitReport;
    expect(filed.status).toBe('SUBMITTED');
    expect(ok(await readReport(district.graphql, clerk, '00008', '2026Q3')).report!.unit).toMatchObject({ code: '00008' });
    const [{ key }] = (
      await db.query<{ key: string }>(
        `SELECT u.key FROM district.report r JOIN hierarchy.unit u ON u.id = r.unit_id WHERE r.unit_code = '00008' AND r.period = '2026Q3'`,
      )
    ).rows;
    expect(key).toBe('00008@2025-07-01');
    const city = await tokenFor(district.graphql, 'city');
    expect(ok(await reviewReport(district.graphql, city, filed.id, 'ACCEPT')).reviewReport.status).toBe('ACCEPTED');
  });

  it('refuses a filing for a unit in a quarter it did not stand in or had no council, naming the field, writing nothing', async () => {
    const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM district.report`)).rows[0].n;
    const before = await count();
    const file = async (user: string, unitCode: string, period: string) => {
      const res = await submitReport(district.graphql, await tokenFor(district.graphql, user), {
        unitCode,
        period,
        values: valueList(realisticValues('WARD', 1)),
      });
      return { code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field, data: res.data };
    };
    // Xã Minh Phú ended on 2025-07-01: its clerk reads its history and files nothing after.
    expect(await file('w00397', '00397', '2025Q3')).toEqual({ code: 'BAD_USER_INPUT', field: 'input.unitCode', data: null });
    // Phường Liễu Giai had no council: not even city staff file for it.
    expect(await file('city', '00008', '2024Q1')).toEqual({ code: 'FORBIDDEN', field: 'input.unitCode', data: null });
    // One code, two communes: each clerk only its own quarters.
    expect(await file('w00382', '00382', '2025Q2')).toMatchObject({ code: 'FORBIDDEN', data: null });
    expect(await file('w00382.2021-07', '00382', '2025Q3')).toMatchObject({ code: 'FORBIDDEN', data: null });
    expect(await count()).toBe(before);
  });

  it('has a clerk for every council it ever held: w00466 today’s Phúc Thịnh, w00466.2021-07 Nguyên Khê before it, d017 Đông Anh', async () => {
    const { rows } = await db.query<{ username: string; key: string }>(
      `SELECT a.username, u.key FROM auth.user_account a JOIN hierarchy.unit u ON u.id = a.unit_id
        WHERE a.username IN ('w00466', 'w00466.2021-07', 'd017', 'w00008') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { username: 'd017', key: '017@2021-07-01' },
      { username: 'w00008', key: '00008@2025-07-01' },
      { username: 'w00466', key: '00466@2025-07-01' },
      { username: 'w00466.2021-07', key: '00466@2021-07-01' },
    ]);
  });

  it('prepares again writing nothing', async () => {
    const tables = ['hierarchy.council_unit', 'hierarchy.unit', 'auth.user_account'];
    const before = await tableState(db, tables);
    await prepareDatabase(isolated.url, loadConfig({ ...process.env, DATABASE_URL: isolated.url }), { eras: true });
    expect(await tableState(db, tables)).toEqual(before);
  });
});
