/**
 * The city's figures across Hanoi's three eras (issue 14, "Done when"), over HTTP on a database seeded with the eras:
 * reports filed through district-api by each era's clerks reach the city's statistics, which count each council at its
 * own level and unit as it stood in the quarter; `basis: CURRENT_UNITS` re-bases 2024 onto today's communes through
 * whole mergers only; completeness expects the councils of the quarter asked.
 */
import { vietnamDate } from '@council/core';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { closeApps, type RunningApp, startApp } from './support/apps.js';
import { ERA_METRIC, eraSum, fileEraReports } from './support/era-filings.js';
import { eventually } from './support/eventually.js';
import { gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { testPool } from './support/sql.js';
import { openSyncDatabases, reconciled, syncState } from './support/sync.js';
import { tableState } from './support/table-state.js';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;
let db: pg.Pool;
let cityToken: string;

const METRIC = ERA_METRIC;
const sum = eraSum;

const STATISTICS = `query($q: StatisticsQuery!) { statistics(query: $q) {
  rows { level period value unit { code name validFrom } }
  notComparable { unit { code name } period reason reasonEn } } }`;
interface Row {
  level: string | null;
  period: string | null;
  value: number;
  unit: { code: string; name: string; validFrom: string } | null;
}
const statistics = async (q: Record<string, unknown>) =>
  (await gqlOk(city.graphql, STATISTICS, { q: { metrics: [METRIC], ...q } }, cityToken)).statistics as {
    rows: Row[];
    notComparable: { unit: { code: string; name: string }; period: string; reason: string; reasonEn: string }[];
  };
const rowsOf = (rows: Row[], ...codes: string[]) =>
  rows
    .filter((r) => codes.includes(r.unit!.code))
    .map((r) => ({ code: r.unit!.code, name: r.unit!.name, period: r.period, value: r.value }));

beforeAll(async () => {
  isolated = await isolatedDatabase('units_figures', { eras: true });
  db = testPool(isolated.url, 2);
  [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
  await fileEraReports(district.graphql, db);
  cityToken = await tokenFor(city.graphql, 'city');
}, 180_000);

afterAll(async () => {
  await db?.end();
  await closeApps(worker, district, city);
  await isolated?.restore();
});

describe('as reported', () => {
  it('the year 2025 by level adds up across both changes: the city, a district in Q1, communes under districts then under the city', async () => {
    const year = await statistics({ periods: ['2025'], groupBy: ['LEVEL'] });
    expect(year.rows.map((r) => [r.level, r.value])).toEqual([
      ['CITY', sum(9)],
      ['DISTRICT', sum(5)],
      ['WARD', sum(6, 7, 8)],
    ]);
    const quarters = await statistics({ periods: ['2025Q1', '2025Q2', '2025Q3', '2025Q4'], groupBy: ['LEVEL'] });
    expect(quarters.rows).toEqual(year.rows);
  });

  it('lists a reused code as two units in 2025, each with its own figures: Xã Minh Trí to 30/06, Xã Kim Anh from 01/07', async () => {
    const { rows } = await statistics({ periods: ['2025'], groupBy: ['UNIT'], unitLevel: 'WARD' });
    expect(rowsOf(rows, '00382', '00397')).toEqual([
      { code: '00382', name: 'Xã Minh Trí', period: null, value: sum(6) },
      { code: '00382', name: 'Xã Kim Anh', period: null, value: sum(8) },
      { code: '00397', name: 'Xã Minh Phú', period: null, value: sum(7) },
    ]);
  });

  it('lists the units of the quarter asked: 2024Q1 by district, 2025Q3 by the city’s 126 communes', async () => {
    const before = await statistics({ periods: ['2024Q1'], groupBy: ['UNIT'] });
    expect(before.rows).toHaveLength(30);
    expect(before.rows.find((r) => r.unit!.code === '016')).toMatchObject({ unit: { name: 'Huyện Sóc Sơn' }, value: sum(0, 3, 4) });
    const after = await statistics({ periods: ['2025Q3'], groupBy: ['UNIT'] });
    expect(after.rows).toHaveLength(126);
    expect(after.rows.find((r) => r.unit!.code === '00382')).toMatchObject({ unit: { name: 'Xã Kim Anh' }, value: sum(8) });
  });

  it('reads a scope code at the periods asked, and refuses one that named two units in them, naming the field', async () => {
    const minhTri = await statistics({ periods: ['2024'], groupBy: [], scope: '00382' });
    expect(minhTri.rows).toEqual([{ level: null, period: null, unit: null, value: sum(0) }]);
    const mixed = await gql(city.graphql, STATISTICS, { q: { periods: ['2025'], groupBy: [], scope: '00382' } }, cityToken);
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query.scope' });
    expect(mixed.errors?.[0]?.message).toContain('Xã Minh Trí');
    expect(mixed.errors?.[0]?.message).toContain('Xã Kim Anh');
    expect(mixed.data).toBeNull();
  });
});

describe('re-based onto today’s units (CURRENT_UNITS)', () => {
  it('gives the new Xã Kim Anh the sum of Minh Trí, Minh Phú and Tân Dân in 2024, and Xã Sóc Sơn no number with the reason', async () => {
    const { rows, notComparable } = await statistics({ periods: ['2024'], groupBy: ['UNIT'], basis: 'CURRENT_UNITS' });
    expect(rows).toHaveLength(126 - notComparable.length);
    expect(rowsOf(rows, '00382')).toEqual([{ code: '00382', name: 'Xã Kim Anh', period: null, value: sum(0, 1, 2) }]);
    expect(rowsOf(rows, '00376')).toEqual([]);
    const socSon = notComparable.find((n) => n.unit.code === '00376')!;
    expect(socSon).toMatchObject({ unit: { name: 'Xã Sóc Sơn' }, period: '2024' });
    expect(socSon.reason).toMatch(/^không so sánh được: Xã Sóc Sơn nhận một phần của /);
    for (const name of ['Xã Quang Tiến', 'Xã Mai Đình', 'Xã Phú Minh']) expect(socSon.reason).toContain(name);
    expect(socSon.reasonEn).toMatch(/^not comparable: /);
  });

  it('by period, a unit has its own quarters after 2025-07-01 and the reason only for the period it cannot be compared in', async () => {
    const { rows, notComparable } = await statistics({
      periods: ['2024', '2025Q3'],
      groupBy: ['UNIT', 'PERIOD'],
      basis: 'CURRENT_UNITS',
    });
    expect(rowsOf(rows, '00376', '00382')).toEqual([
      { code: '00376', name: 'Xã Sóc Sơn', period: '2025Q3', value: 0 },
      { code: '00382', name: 'Xã Kim Anh', period: '2024', value: sum(0, 1, 2) },
      { code: '00382', name: 'Xã Kim Anh', period: '2025Q3', value: sum(8) },
    ]);
    expect(notComparable.filter((n) => n.unit.code === '00376').map((n) => n.period)).toEqual(['2024']);
  });

  it('exports as CSV the same rows, saying the basis and how many units it left out', async () => {
    const query = { periods: ['2024'], metrics: [METRIC], groupBy: ['UNIT'] };
    const res = await fetch(`${city.url}/exports/statistics.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cityToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, basis: 'CURRENT_UNITS' }),
    });
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const { rows, notComparable } = await statistics({ ...query, basis: 'CURRENT_UNITS' });
    expect(text).toContain('Cơ sở so sánh: quy đổi theo đơn vị hiện nay,Basis: re-based onto today’s units\r\n');
    expect(text).toContain(`${notComparable.length} đơn vị không so sánh được (không có trong bảng; lý do trên trang Thống kê)`);
    expect(text).toContain(`\r\n00382,Xã Kim Anh,${sum(0, 1, 2)}\r\n`);
    expect(text.split('\r\n').filter((line) => /^\d{5},/.test(line))).toHaveLength(rows.length);
  });

  it('is refused without rows by unit, naming the field, and changes nothing', async () => {
    const before = await tableState(db, ['city.rollup', 'city.report_fact']);
    const res = await gql(city.graphql, STATISTICS, { q: { periods: ['2024'], groupBy: ['LEVEL'], basis: 'CURRENT_UNITS' } }, cityToken);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query.basis' });
    expect(await tableState(db, ['city.rollup', 'city.report_fact'])).toEqual(before);
  });
});

describe('rollups', () => {
  it('follow each unit’s parent in its quarter: the worker’s reconciliation and the recomputation from the district side find no drift', async () => {
    // Minh Trí's 2025Q2 counts in Huyện Sóc Sơn (016); Kim Anh's 2025Q3 in the city alone, the district level gone.
    const scopes = async (period: string) =>
      (
        await db.query<{ scope: string }>(
          `SELECT DISTINCT scope_code AS scope FROM (SELECT scope_code, period FROM city.rollup UNION ALL SELECT scope_code, period FROM city.rollup_delta) r
            WHERE period = $1 ORDER BY 1`,
          [period],
        )
      ).rows.map((r) => r.scope);
    expect(await scopes('2025Q1')).toEqual(['01', '017']);
    expect(await scopes('2025Q2')).toEqual(['00382', '00397', '01', '016']);
    expect(await scopes('2025Q3')).toEqual(['00382', '01']);
    const dbs = await openSyncDatabases();
    try {
      const state = await syncState(dbs);
      expect(state.drift).toEqual([]);
      expect(reconciled(state.reconciliation)).toBe(true);
      expect(state.actualCells).toBeGreaterThan(0);
    } finally {
      await dbs.close();
    }
  });
});

describe('directives recorded on the day they were issued', () => {
  const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id issuedAt progress { total } } }`;
  const DIRECTIVE = `query($id: ID!) { directive(id: $id) { progress { total } assignments { unit { code name level } children { unit { code name } } } } }`;
  const ASSIGNMENTS = `{ assignments { unit { code name } } }`;
  const issue = (i: Record<string, unknown>, token = cityToken) =>
    gql(city.graphql, ISSUE, { i: { title: 'Triển khai Nghị quyết', body: 'Thực hiện và báo cáo kết quả.', ...i } }, token);
  const assignmentsOf = async (user: string) =>
    (await gqlOk(district.graphql, ASSIGNMENTS, {}, await tokenFor(district.graphql, user))).assignments.map(
      (a: { unit: { code: string; name: string } }) => `${a.unit.code} ${a.unit.name}`,
    );
  let august: string;
  let june2024: string;

  it('one issued in August 2025 goes from the city to its 126 communes, as they stood that day', async () => {
    const res = await issue({ issuedOn: '2025-08-12', dueDate: '2025-09-30' });
    expect(res.errors).toBeUndefined();
    august = res.data!.issueDirective.id;
    expect(res.data!.issueDirective).toMatchObject({ issuedAt: '2025-08-11T17:00:00.000Z', progress: { total: 126 } });
    const read = () => gqlOk(city.graphql, DIRECTIVE, { id: august }, cityToken);
    const d = (await eventually(read, (r) => r.directive.assignments.length === 126, 30_000, 100)).directive;
    expect(d.assignments).toHaveLength(126);
    expect(new Set(d.assignments.map((a: { unit: { level: string } }) => a.unit.level))).toEqual(new Set(['WARD']));
    expect(d.assignments.find((a: { unit: { code: string } }) => a.unit.code === '00382').unit.name).toBe('Xã Kim Anh');
  });

  it('one recorded as issued in June 2024 goes to the 30 districts and their 404 communes of that day, named as they were', async () => {
    const res = await issue({ issuedOn: '2024-06-10', dueDate: '2024-09-30', cascadeToWards: true });
    expect(res.errors).toBeUndefined();
    june2024 = res.data!.issueDirective.id;
    expect(res.data!.issueDirective.progress.total).toBe(30 + 404);
    const read = () => gqlOk(city.graphql, DIRECTIVE, { id: june2024 }, cityToken);
    const d = (
      await eventually(
        read,
        (r) => r.directive.assignments.reduce((n: number, a: { children: unknown[] }) => n + 1 + a.children.length, 0) === 434,
        30_000,
        100,
      )
    ).directive;
    const socSon = d.assignments.find((a: { unit: { code: string } }) => a.unit.code === '016');
    expect(socSon.unit).toMatchObject({ name: 'Huyện Sóc Sơn', level: 'DISTRICT' });
    expect(socSon.children.map((c: { unit: { code: string; name: string } }) => `${c.unit.code} ${c.unit.name}`)).toContain(
      '00382 Xã Minh Trí',
    );
  });

  it('each is the work of the unit it was given to: Kim Anh’s clerk has August’s, Minh Trí’s clerk June 2024’s', async () => {
    await eventually(
      () => assignmentsOf('w00382.2021-07'),
      (list) => list.length > 0,
      30_000,
      100,
    );
    expect(await assignmentsOf('w00382')).toEqual(['00382 Xã Kim Anh']);
    expect(await assignmentsOf('w00382.2021-07')).toEqual(['00382 Xã Minh Trí']);
  });

  it('refuses a day of issue after today, a due date before it, and a district’s directive after districts ended, writing nothing', async () => {
    const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM city.directive`)).rows[0].n;
    const before = await count();
    const tomorrow = vietnamDate(new Date(Date.now() + 86_400_000));
    const refusal = (r: Awaited<ReturnType<typeof issue>>) => ({
      code: r.errors?.[0]?.extensions?.code,
      field: r.errors?.[0]?.extensions?.field,
    });
    expect(refusal(await issue({ issuedOn: tomorrow, dueDate: tomorrow }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.issuedOn' });
    expect(refusal(await issue({ issuedOn: '2025-08-12', dueDate: '2025-08-11' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.dueDate',
    });
    const dongAnh = await tokenFor(city.graphql, 'd017');
    const late = await issue({ issuedOn: '2025-08-12', dueDate: '2025-09-30' }, dongAnh);
    expect(refusal(late)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.issuedOn' });
    expect(late.errors?.[0]?.message).toContain('12/08/2025');
    expect(await count()).toBe(before);
  });
});

describe('a unit’s end', () => {
  it('is the day the unit itself ended, not a rename’s: Huyện Sóc Sơn’s form of 2024 ends on 01/01/2025, the district on 01/07/2025', async () => {
    const UNIT = `query($c: String!, $d: Date) { councilUnit(code: $c, asOf: $d) { name validTo endsOn } }`;
    const read = async (c: string, d?: string) => (await gqlOk(city.graphql, UNIT, { c, d }, cityToken)).councilUnit;
    expect(await read('016', '2024-06-30')).toEqual({ name: 'Huyện Sóc Sơn', validTo: '2025-01-01', endsOn: '2025-07-01' });
    expect(await read('00382', '2024-06-30')).toMatchObject({ name: 'Xã Minh Trí', endsOn: '2025-07-01' });
    expect(await read('00382')).toEqual({ name: 'Xã Kim Anh', validTo: null, endsOn: null });
  });
});

describe('the city’s briefing', () => {
  const BRIEFING = `query($p: String!) { briefingSummary(period: $p) {
    levels { level councils reported } endedLevels { level councils endedOn } units { unit { code level } } } }`;
  const briefing = async (p: string) => (await gqlOk(city.graphql, BRIEFING, { p }, cityToken)).briefingSummary;

  it('has a point per unit of its quarter: 30 districts in 2025Q2, the 126 communes in 2025Q3, and says the districts ended', async () => {
    const before = await briefing('2025Q2');
    expect(before.levels).toEqual([
      { level: 'CITY', councils: 1, reported: 0 },
      { level: 'DISTRICT', councils: 30, reported: 0 },
      { level: 'WARD', councils: 366, reported: 2 },
    ]);
    expect(before.endedLevels).toEqual([]);
    expect(before.units).toHaveLength(30);
    const after = await briefing('2025Q3');
    expect(after.levels).toEqual([
      { level: 'CITY', councils: 1, reported: 1 },
      { level: 'WARD', councils: 126, reported: 1 },
    ]);
    expect(after.endedLevels).toEqual([{ level: 'DISTRICT', councils: 30, endedOn: '2025-07-01' }]);
    expect(after.units).toHaveLength(126);
    expect(new Set(after.units.map((u: { unit: { level: string } }) => u.unit.level))).toEqual(new Set(['WARD']));
  });
});

describe('completeness', () => {
  const COMPLETENESS = `query($p: String!, $l: CouncilLevel!) { completeness(period: $p, level: $l) { expected submitted missing { code } } }`;
  it.each([
    ['2024Q4', 1, 30, 404],
    ['2025Q1', 1, 30, 366],
    ['2025Q3', 1, 0, 126],
  ])('%s expects the councils of that quarter: %i city, %i districts, %i communes', async (period, cities, districts, communes) => {
    const expected = async (l: string) =>
      (await gqlOk(city.graphql, COMPLETENESS, { p: period, l }, cityToken)).completeness as {
        expected: number;
        submitted: number;
        missing: { code: string }[];
      };
    expect([(await expected('CITY')).expected, (await expected('DISTRICT')).expected, (await expected('WARD')).expected]).toEqual([
      cities,
      districts,
      communes,
    ]);
  });

  it('counts the new Kim Anh as reported in 2025Q3 and Đông Anh in 2025Q1', async () => {
    const q3 = (await gqlOk(city.graphql, COMPLETENESS, { p: '2025Q3', l: 'WARD' }, cityToken)).completeness;
    expect(q3).toMatchObject({ expected: 126, submitted: 1 });
    expect(q3.missing.map((m: { code: string }) => m.code)).not.toContain('00382');
    const q1 = (await gqlOk(city.graphql, COMPLETENESS, { p: '2025Q1', l: 'DISTRICT' }, cityToken)).completeness;
    expect(q1).toMatchObject({ expected: 30, submitted: 1 });
  });
});
