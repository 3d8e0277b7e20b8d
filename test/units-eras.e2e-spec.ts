/**
 * Hanoi as its three eras hold it (issue 14, C8: `prepare` with `eras`, not yet the default; see
 * docs/design/units-over-time-landing.md): the units on any day are that day's, a code names a unit only with a day,
 * and the clerk of a commune formed on 2025-07-01 files today's quarter, reviewed by the city, the district level gone.
 */
import { loadConfig } from '@council/core';
import type pg from 'pg';

import { prepareDatabase } from '../apps/database-cli/src/prepare.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { ok, readReport, realisticValues, reviewReport, submitReport, valueList } from './support/reporting.js';
import { testPool } from './support/sql.js';
import { tableState } from './support/table-state.js';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let db: pg.Pool;

beforeAll(async () => {
  isolated = await isolatedDatabase('eras', { eras: true });
  district = await startApp(DISTRICT_API);
  db = testPool(isolated.url, 2);
}, 120_000);

afterAll(async () => {
  await db?.end();
  await district?.close();
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
