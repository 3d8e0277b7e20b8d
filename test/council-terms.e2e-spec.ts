/**
 * Councils' terms over HTTP (issue 14, item 2; docs/design/units-over-time.md). The seed gives each council the terms
 * it served from the election days, ending with it, with the numbers (khóa) the sources state; an
 * administrator sets a term, audited; every refusal names the field and writes nothing; a term is a statistics period
 * whose figures are the sum of its quarters'. A second prepare writes nothing.
 */

import type { RunningApp } from './support/apps.js';
import { errorCode, gql, gqlOk, type GraphQLResponse } from './support/graphql.js';
import {
  adminAuditOf,
  expectRefusedUnchanged,
  type HierarchyAdminStack,
  prepareAgain,
  startHierarchyAdminStack,
} from './support/hierarchy-admin.js';
import { tableState } from './support/table-state.js';

let stack: HierarchyAdminStack;
let district: RunningApp;
let city: RunningApp;
let db: HierarchyAdminStack['db'];
let tokens: HierarchyAdminStack['tokens'];

const TABLES = ['hierarchy.council_term', 'district.audit_log'];
const TERM = 'code number name nameEn validFrom validTo';
const TERMS = `query($c: String!) { councilUnit(code: $c) { code terms { ${TERM} } } }`;
const DISTRICT_TERMS = `{ councilUnits(level: DISTRICT, asOf: "2024-06-30") { code terms { code number validTo } } }`;
const SET = `mutation($input: SetCouncilTermInput!) { setCouncilTerm(input: $input) { ${TERM} } }`;
const STATISTICS = `query($q: StatisticsQuery!) { statistics(query: $q) { rows { period metric { code } value } } }`;

interface Term {
  code: string;
  number: number | null;
  name: string;
  nameEn: string;
  validFrom: string;
  validTo: string | null;
}

const termsOf = async (code: string, api = city.graphql, token = tokens.viewer) =>
  (await gqlOk<{ councilUnit: { terms: Term[] } }>(api, TERMS, { c: code }, token)).councilUnit.terms;
const state = () => tableState(db, TABLES);

const refused = (run: () => Promise<GraphQLResponse>, code: string, field?: string, message?: RegExp) =>
  expectRefusedUnchanged(db, TABLES, run, code, field, message);

// The city's figures of one metric in a few quarters, inside and outside the 2021–2026 term (2021-05-23 → 2026-03-15).
const METRIC = 'resolutions.issued';
const FIGURES: [string, number][] = [
  ['2021Q1', 1_000],
  ['2021Q2', 7],
  ['2023Q4', 11],
  ['2024Q1', 20],
  ['2026Q1', 5],
  ['2026Q2', 300],
];

beforeAll(async () => {
  stack = await startHierarchyAdminStack('terms');
  ({ district, city, db, tokens } = stack);
  await db.query(
    `INSERT INTO city.rollup (scope_code, level, period, metric_code, value) SELECT '01', 'CITY', p, $1, v FROM unnest($2::text[], $3::int[]) AS x(p, v)`,
    [METRIC, FIGURES.map(([p]) => p), FIGURES.map(([, v]) => v)],
  );
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the terms as seeded', () => {
  it('gives the city council khóa XVI (2021–2026) and khóa XVII (from 2026-03-15, running), on both APIs', async () => {
    for (const api of [city.graphql, district.graphql])
      expect(await termsOf('01', api)).toEqual([
        {
          code: 'NK2021-2026',
          number: 16,
          name: 'Nhiệm kỳ 2021–2026, khóa XVI',
          nameEn: 'Term 2021–2026 (16th)',
          validFrom: '2021-05-23',
          validTo: '2026-03-15',
        },
        {
          code: 'NK2026-2031',
          number: 17,
          name: 'Nhiệm kỳ 2026–2031, khóa XVII',
          nameEn: 'Term 2026–2031 (17th)',
          validFrom: '2026-03-15',
          validTo: null,
        },
      ]);
  });

  it('lists every district council’s one term in one request, ended with the district level, with the numbers the sources give and none invented', async () => {
    const { councilUnits } = await gqlOk<{ councilUnits: { code: string; terms: Pick<Term, 'code' | 'number' | 'validTo'>[] }[] }>(
      city.graphql,
      DISTRICT_TERMS,
      {},
      tokens.city,
    );
    expect(councilUnits).toHaveLength(30);
    // The district level ended on 2025-07-01: its councils served 2021–2026 until then, and were not elected for 2026–2031.
    expect(councilUnits.filter((u) => u.terms.map((t) => `${t.code} → ${t.validTo}`).join() !== 'NK2021-2026 → 2025-07-01')).toEqual([]);
    const numbered = councilUnits.flatMap((u) => u.terms.filter((t) => t.number !== null).map((t) => [u.code, t.code, t.number]));
    expect(numbered).toEqual([
      ['007', 'NK2021-2026', 20],
      ['009', 'NK2021-2026', 6],
    ]);
    expect((await termsOf('009'))[0].name).toBe('Nhiệm kỳ 2021–2026, khóa VI');
  });

  it('gives a commune council its terms without a number, ending with its commune, and a phường none before 2026', async () => {
    // Xã Xuân Nộn was merged on 2025-07-01.
    expect((await termsOf('00457')).map((t) => [t.code, t.number, t.name, t.validTo])).toEqual([
      ['NK2021-2026', null, 'Nhiệm kỳ 2021–2026', '2025-07-01'],
    ]);
    // Phường Liễu Giai had no council; Phường Ngọc Hà, which bears its code from 2025-07-01, was elected for 2026–2031.
    expect((await termsOf('00008')).map((t) => [t.code, t.validFrom, t.validTo])).toEqual([['NK2026-2031', '2026-03-15', null]]);
  });
});

describe('an administrator sets a term', () => {
  const XUAN_NON = { unitCode: '00457', termCode: 'NK2021-2026', number: 21, validFrom: '2021-05-23', validTo: '2026-03-15' };

  it('refuses district staff, city staff and the viewer (FORBIDDEN), writing nothing', async () => {
    for (const who of ['d009', 'city', 'viewer'] as const)
      await refused(() => gql(district.graphql, SET, { input: XUAN_NON }, tokens[who]), 'FORBIDDEN');
  });

  it('refuses bad input naming the field, in Vietnamese, writing nothing', async () => {
    const set = (input: Record<string, unknown>) => () => gql(district.graphql, SET, { input: { ...XUAN_NON, ...input } }, tokens.admin);
    await refused(
      set({ unitCode: '01', termCode: 'NK2026-2031', number: 17, validFrom: '2026-01-01', validTo: null }),
      'BAD_USER_INPUT',
      'input.validFrom',
      /^Nhiệm kỳ chồng lên nhiệm kỳ NK2021-2026 của Thành phố Hà Nội \(từ 23\/05\/2021 đến hết ngày 14\/03\/2026\)/,
    );
    await refused(set({ validFrom: '2026-03-15', validTo: '2026-03-15' }), 'BAD_USER_INPUT', 'input.validTo', /phải sau ngày bắt đầu/);
    await refused(set({ validTo: '2020-01-01' }), 'BAD_USER_INPUT', 'input.validTo');
    await refused(
      set({ unitCode: '99999' }),
      'BAD_USER_INPUT',
      'input.unitCode',
      /^Không có đơn vị hành chính mã "99999" vào ngày 23\/05\/2021/,
    );
    await refused(
      set({ unitCode: '00008', validFrom: '2021-07-01' }),
      'BAD_USER_INPUT',
      'input.unitCode',
      /không có HĐND vào ngày 01\/07\/2021/,
    );
    await refused(set({ number: 0 }), 'BAD_USER_INPUT', 'input.number', /^Khóa phải từ 1 trở lên/);
    await refused(set({ termCode: '2026' }), 'BAD_USER_INPUT', 'input.termCode', /không phải một nhiệm kỳ/);
    await refused(set({ termCode: 'NK2021-2025' }), 'BAD_USER_INPUT', 'input.termCode', /một nhiệm kỳ dài 5 năm/);
  });

  it('sets it: the term shows its number, the row is replaced (not added) and the audit log has the entry', async () => {
    const before = await state();
    const { setCouncilTerm } = await gqlOk(district.graphql, SET, { input: XUAN_NON }, tokens.admin);
    expect(setCouncilTerm).toEqual({
      code: 'NK2021-2026',
      number: 21,
      name: 'Nhiệm kỳ 2021–2026, khóa XXI',
      nameEn: 'Term 2021–2026 (21st)',
      validFrom: '2021-05-23',
      validTo: '2026-03-15',
    });
    const after = await state();
    expect(after['hierarchy.council_term'].rows).toBe(before['hierarchy.council_term'].rows);
    expect(after['district.audit_log'].rows).toBe(before['district.audit_log'].rows + 1);
    expect((await termsOf('00457'))[0]).toEqual(setCouncilTerm);
    const [entry, ...more] = await adminAuditOf(stack, 'council-term:');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      username: 'admin',
      action: 'COUNCIL_TERM_SET',
      subject: 'council-term:00457:NK2021-2026',
      unitCode: '00457',
    });
    const changes = entry.changes;
    expect(changes.before).toMatchObject({ termCode: 'NK2021-2026', number: null, validFrom: '2021-05-23' });
    expect(changes.after).toMatchObject({ termCode: 'NK2021-2026', number: 21, validTo: '2026-03-15' });
  });

  it('a second prepare writes nothing, and leaves the administrator’s term alone', async () => {
    const before = await state();
    await prepareAgain(stack);
    expect(await state()).toEqual(before);
    expect((await termsOf('00457'))[0].number).toBe(21);
  });
});

describe('a term as a statistics period', () => {
  const total = async (periods: string[]) => {
    const { statistics } = await gqlOk(
      city.graphql,
      STATISTICS,
      { q: { periods, metrics: [METRIC], scope: '01', groupBy: ['PERIOD', 'METRIC'] } },
      tokens.city,
    );
    return statistics.rows as { period: string; metric: { code: string }; value: number }[];
  };

  it('answers NK2021-2026 with the sum of its quarters, 2021Q2 to 2026Q1, under its own code', async () => {
    const quarters: string[] = [];
    for (let y = 2021; y <= 2026; y++) for (let q = 1; q <= 4; q++) quarters.push(`${y}Q${q}`);
    const inTerm = quarters.slice(quarters.indexOf('2021Q2'), quarters.indexOf('2026Q1') + 1);
    expect(inTerm).toHaveLength(20);
    const byQuarter = (await total(inTerm)).reduce((sum, r) => sum + r.value, 0);
    expect(byQuarter).toBe(7 + 11 + 20 + 5);
    expect(await total(['NK2021-2026'])).toEqual([{ period: 'NK2021-2026', metric: { code: METRIC }, value: byQuarter }]);
  });

  it('answers a running term so far, and refuses a term overlapping another period or not recorded', async () => {
    // Today is after 2026Q2: the term so far holds 2026Q1 and 2026Q2 (and any quarter since, with no figures here).
    expect((await total(['NK2026-2031']))[0].value).toBe(5 + 300);
    const overlap = await gql(
      city.graphql,
      STATISTICS,
      { q: { periods: ['NK2021-2026', '2024'], metrics: [METRIC], scope: '01', groupBy: ['PERIOD'] } },
      tokens.city,
    );
    expect({ code: errorCode(overlap), field: overlap.errors?.[0]?.extensions?.field }).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'query.periods[1]',
    });
    const unknown = await gql(city.graphql, STATISTICS, { q: { periods: ['NK2031-2036'], scope: '01', groupBy: ['PERIOD'] } }, tokens.city);
    expect({ code: errorCode(unknown), field: unknown.errors?.[0]?.extensions?.field }).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'query.periods[0]',
    });
  });
});
