/**
 * A real cost model (issue 16, part 2), on the two APIs as they run. The audit found a viewer's 1.5 KB query costing
 * 1.6 s of CPU, city staff pulling 54 MB of statistics or 3.4 MB of reports with their versions: each is now refused
 * before it runs, with BAD_USER_INPUT and a message naming what to narrow, and nothing of it answered. Budgets are per
 * role, over HTTP and over graphql-ws. Every list of the schemas declares its rows (`@ListSize`), and every operation
 * the web app sends stays inside the budget of each role that may send it, so the model cannot break a page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type AppConfig, METRIC_CODES, queryBudget, Role, ROLE_PERMISSIONS } from '@council/core';
import { APP_CONFIG, AUTHORIZATION_EXTENSION, COST_EXTENSION, type FieldAuthorization, queryCost } from '@council/server';
import {
  getNamedType,
  getNullableType,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { HUGE_STATISTICS, REPORTS_WITH_VERSIONS, VIEWER_TREE } from '../bench/lib/audit-queries.mjs';
import { startApis } from './support/apis.js';
import { closeApps, type RunningApp, schemaOf, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { gql, gqlOk, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { testClient } from './support/sql.js';

let city: RunningApp;
let district: RunningApp;

beforeAll(async () => ({ city, district } = await startApis()), 60_000);
afterAll(() => closeApps(city, district));

const configOf = (app: RunningApp) => app.app.get<AppConfig>(APP_CONFIG);

const AUDIT = { viewerTree: VIEWER_TREE, statistics: HUGE_STATISTICS, reports: REPORTS_WITH_VERSIONS };

/** A refusal as the caller sees it: nothing answered, BAD_USER_INPUT, the cost beside the message. */
function expectRefused(res: GraphQLResponse, field: RegExp, narrow: RegExp) {
  expect(res.data ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  const [e] = res.errors!;
  expect(e.extensions?.code).toBe('BAD_USER_INPUT');
  expect(e.message).toMatch(/^Truy vấn quá lớn: ước tính [\d.]+ dòng, vượt hạn mức [\d.]+ dòng/);
  expect(e.message).toMatch(field);
  expect(e.message).toMatch(narrow);
  expect(e.extensions?.messageEn).toMatch(/^Query too large/);
  const cost = e.extensions?.cost as { estimated: number; limit: number };
  expect(cost.estimated).toBeGreaterThan(cost.limit);
  expect(JSON.stringify(res)).not.toMatch(/stack|\.js:\d+/);
}

describe('the audit’s heavy queries', () => {
  it('refuses the viewer’s 15 aliases × councilUnits → children × 3, naming the deepest list and how to narrow it', async () => {
    const viewer = await tokenFor(city.graphql, 'viewer');
    const res = await gql(city.graphql, AUDIT.viewerTree, {}, viewer);
    expect(res.status).toBe(400);
    expectRefused(res, /a0:councilUnits\.children\.children\.children/, /thu hẹp a0:councilUnits bằng level, parentCode/);
    expect((res.errors![0].extensions?.cost as { limit: number }).limit).toBe(configOf(city).graphql.budgets.VIEWER);
  });

  it('refuses city staff every metric of 40 quarters for every commune, naming the rows and the arguments', async () => {
    const staff = await tokenFor(city.graphql, 'city');
    const res = await gql(city.graphql, AUDIT.statistics.query, AUDIT.statistics.variables, staff);
    expectRefused(res, /statistics\.rows \([\d.]+ dòng\)/, /query\.periods, query\.metrics/);
    expect((res.errors![0].extensions?.cost as { limit: number }).limit).toBe(configOf(city).graphql.budgets.CITY_STAFF);
  });

  it('refuses city staff every report with its versions, naming reports’ arguments', async () => {
    const staff = await tokenFor(district.graphql, 'city');
    expectRefused(await gql(district.graphql, AUDIT.reports, {}, staff), /reports\.versions\./, /thu hẹp reports bằng period, parentCode/);
  });

  it('answers nothing of a refused query, not even its cheap fields', async () => {
    const viewer = await tokenFor(city.graphql, 'viewer');
    const res = await gql(city.graphql, AUDIT.viewerTree.replace('{ a0:', '{ me { username } a0:'), {}, viewer);
    expect(res).not.toHaveProperty('data');
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses the same over graphql-ws', async () => {
    const client = createClient({
      url: `${city.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await tokenFor(city.graphql, 'viewer')}` },
      retryAttempts: 0,
    });
    try {
      const answers: GraphQLResponse[] = [];
      await new Promise<void>((resolve, reject) =>
        client.subscribe(
          { query: AUDIT.viewerTree },
          { next: (r) => answers.push(r as GraphQLResponse), error: reject, complete: resolve },
        ),
      );
      expect(answers).toHaveLength(1);
      expectRefused({ ...answers[0], status: 0 }, /a0:councilUnits\.children/, /level, parentCode/);
    } finally {
      await client.dispose();
    }
  });
});

describe('budgets by role', () => {
  // 600 units and their children: 18.600 rows reckoned, over the viewer's and a commune's budget, inside the others'.
  const TREE = '{ councilUnits { code children { code } } }';

  it('refuses a viewer and a commune what district and city staff may run', async () => {
    const outcome = async (api: RunningApp, user: string) => {
      const res = await gql(api.graphql, TREE, {}, await tokenFor(api.graphql, user));
      return res.errors?.[0]?.extensions?.code ?? `${res.data.councilUnits.length} units`;
    };
    expect({
      viewer: await outcome(city, 'viewer'),
      w00457: await outcome(district, 'w00457'),
      d009: await outcome(district, 'd009'),
      city: await outcome(city, 'city'),
    }).toEqual({ viewer: 'BAD_USER_INPUT', w00457: 'BAD_USER_INPUT', d009: '610 units', city: '610 units' });
  });

  it('counts only what the caller may resolve: the rest is refused by the guard, as ever', async () => {
    // Signed out, or a viewer asking for completeness: the fields are refused, nothing under them runs.
    expect((await gql(city.graphql, TREE)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const missing = '{ completeness(period: "2025Q1", level: WARD) { missing { code children { code } } } }';
    expect((await gql(city.graphql, missing, {}, await tokenFor(city.graphql, 'viewer'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(city.graphql, '{ councilUnits(level: DISTRICT) { code } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the cost model in the schemas', () => {
  it.each([
    ['city-api', () => city],
    ['district-api', () => district],
  ])('%s: every list of objects declares its rows', (_name, app) => {
    const schema = schemaOf(app());
    const undeclared = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
      .flatMap((t) =>
        Object.values((t as import('graphql').GraphQLObjectType).getFields())
          // A list of scalars is one value of its row; a list of objects multiplies everything under it.
          .filter((f) => isListType(getNullableType(f.type)) && isCompositeType(getNamedType(f.type)) && !f.extensions?.[COST_EXTENSION])
          .map((f) => `${t.name}.${f.name}`),
      );
    expect(undeclared).toEqual([]);
  });
});

/** Every operation the web app commits, with the API it is sent to (*.city.graphql, *.district.graphql). */
function webOperations(): { api: 'city' | 'district'; name: string; document: import('graphql').DocumentNode }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.graphql')) files.push(join(dir, e.name));
    }
  };
  walk('apps/web/src');
  return (['city', 'district'] as const).flatMap((api) => {
    const sources = files.filter((f) => f.endsWith(`.${api}.graphql`)).map((f) => readFileSync(f, 'utf8'));
    const whole = parse(sources.join('\n'));
    const fragments = whole.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    return whole.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((op) => ({ api, name: op.name!.value, document: { kind: Kind.DOCUMENT, definitions: [op, ...fragments] } as const }));
  });
}

/** The roles (null: signed out) that may call every root field of an operation. */
function rolesFor(schema: GraphQLSchema, document: import('graphql').DocumentNode): (Role | null)[] {
  const op = document.definitions[0] as OperationDefinitionNode;
  const root = schema.getRootType(op.operation)!;
  const auths = op.selectionSet.selections.map(
    (s) => root.getFields()[(s as import('graphql').FieldNode).name.value].extensions?.[AUTHORIZATION_EXTENSION] as FieldAuthorization,
  );
  const may = (role: Role | null) =>
    auths.every((a) => a.public || (role !== null && (a.permissions ?? []).some((p) => ROLE_PERMISSIONS[role].has(p))));
  return [null, ...Object.values(Role)].filter(may);
}

const PERIOD = '2025Q1';
/** What the statistics explorer asks (apps/web/src/features/statistics/explorer-state.ts, `statisticsQuery`). */
const EXPLORER_METRICS = ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'];
const quartersFrom = (first: number, years: number) =>
  Array.from({ length: years * 4 }, (_, i) => `${first + Math.floor(i / 4)}Q${(i % 4) + 1}`);
const explorer = (query: { periods: string[]; metrics?: string[]; scope?: string; groupBy?: string[]; unitLevel?: string }) => ({
  query: { metrics: EXPLORER_METRICS, scope: '01', groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT', ...query },
});
/**
 * The variables the pages send where they change the estimate (lists sized by their arguments); an operation not
 * named here is reckoned without variables: its lists at their declared sizes, the largest.
 */
const VARIABLES: Record<string, Record<string, unknown>[]> = {
  AdminUsers: [{ limit: 50, offset: 0 }],
  AdminUnits: [{ level: 'DISTRICT' }, { level: 'WARD', parentCode: '009' }],
  DirectiveTargetUnits: [{ level: 'DISTRICT' }, { level: 'WARD', parentCode: '009' }],
  ReviewQuarter: [{ district: '009', period: PERIOD }],
  ReviewedReport: [{ unitCode: '00457', period: PERIOD }],
  Home: [{ unitCode: '00457', period: PERIOD }],
  MyReports: [{ unitCode: '00457' }],
  ReportForm: [{ unitCode: '00457', period: PERIOD, previousPeriod: '2024Q4', year: 2025 }],
  StatisticsYears: [{ periods: ['2024', '2025', '2026'] }],
  StatisticsTable: [
    explorer({ periods: ['2025'] }), // as it opens: a year, three metrics, by district
    explorer({ periods: ['2025'], unitLevel: 'WARD' }), // by commune
    explorer({ periods: ['2025'], unitLevel: 'WARD', metrics: [...METRIC_CODES] }), // every metric, by commune
    explorer({ periods: ['2025Q1', '2025Q2'], unitLevel: 'WARD' }),
    explorer({ periods: quartersFrom(2024, 2), unitLevel: 'WARD' }), // two years quarter by quarter, by commune
    explorer({ periods: quartersFrom(2024, 2), groupBy: ['PERIOD', 'METRIC'], unitLevel: undefined }), // rows by quarter
    explorer({ periods: ['2025'], scope: '009', unitLevel: 'WARD' }),
  ],
  StatisticsCompleteness: [
    { period: PERIOD, level: 'WARD' },
    { period: PERIOD, level: 'DISTRICT' },
    { period: PERIOD, level: 'WARD', scope: '009' },
  ],
  StatisticsPlan: [
    { year: 2025, scope: '01', unitLevel: 'DISTRICT' },
    { year: 2025, scope: '009', unitLevel: 'WARD' },
  ],
  BriefingCompleteness: [
    { period: PERIOD, level: 'WARD' },
    { period: PERIOD, level: 'DISTRICT' },
  ],
};

/**
 * Operations only some of the roles the schema allows can send, because only they reach the page: the administration
 * pages render for CITY_ADMIN alone (apps/web/src/features/admin/AdminPage.tsx). Narrows, never widens, rolesFor.
 */
const SENT_ONLY_BY: Record<string, Role[]> = {
  AdminReorganisations: [Role.CITY_ADMIN],
};

describe('the web app’s own operations', () => {
  it('stay within the budget of every role that may send them', () => {
    const over: string[] = [];
    const checked: string[] = [];
    for (const { api, name, document } of webOperations()) {
      const app = api === 'city' ? city : district;
      const schema = schemaOf(app);
      const allowed = rolesFor(schema, document);
      const roles = SENT_ONLY_BY[name] ? allowed.filter((r) => r !== null && SENT_ONLY_BY[name].includes(r)) : allowed;
      if (SENT_ONLY_BY[name]) expect(roles).toEqual(SENT_ONLY_BY[name]);
      for (const role of roles)
        for (const variables of VARIABLES[name] ?? [{}]) {
          const { estimated } = queryCost(schema, document, name, variables);
          const limit = queryBudget(configOf(app), role);
          checked.push(`${api} ${name} ${role ?? 'signed out'}`);
          if (estimated > limit)
            over.push(`${api} ${name} as ${role ?? 'signed out'} ${JSON.stringify(variables)}: ${estimated} > ${limit}`);
        }
    }
    expect(over).toEqual([]);
    // The check saw the pages: the viewer's briefing screen, district staff's review, city staff's explorer.
    expect(checked).toEqual(
      expect.arrayContaining([
        'city BriefingScreen VIEWER',
        'district ReviewQuarter DISTRICT_STAFF',
        'city StatisticsTable CITY_STAFF',
        'district AdminReorganisations CITY_ADMIN',
      ]),
    );
  });

  it('are answered as the pages send them: the explorer by commune for a year, the briefing screen', async () => {
    const staff = await tokenFor(city.graphql, 'city');
    const table = await gqlOk(
      city.graphql,
      `query($query: StatisticsQuery!) { statistics(query: $query) { rows { value unit { code } metric { code } } } }`,
      explorer({ periods: ['2025'], unitLevel: 'WARD', metrics: [...METRIC_CODES] }),
      staff,
    );
    expect(table.statistics.rows.length).toBe(579 * METRIC_CODES.length);
    const viewer = await tokenFor(city.graphql, 'viewer');
    const summary = await gqlOk(
      city.graphql,
      `query($p: String!) { briefingSummary(period: $p) { levels { values { value metric { code } } } units { unit { code } } } }`,
      { p: PERIOD },
      viewer,
    );
    expect(summary.briefingSummary.units).toHaveLength(30);
  });
});

describe('backstops', () => {
  it('refuses an answer over the size cap whole, naming the root field', async () => {
    process.env.GRAPHQL_MAX_RESPONSE_BYTES = '20000';
    const capped = await startApp(CITY_API).finally(() => delete process.env.GRAPHQL_MAX_RESPONSE_BYTES);
    try {
      const staff = await tokenFor(capped.graphql, 'city');
      // 579 communes with their names: ~40 KB, well within the budget in rows.
      const res = await gql(capped.graphql, '{ metrics { code } communes: councilUnits(level: WARD) { code name nameEn } }', {}, staff);
      expect(res.status).toBe(400);
      expect(res).not.toHaveProperty('data');
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].message).toMatch(/^Kết quả quá lớn: [\d.]+ byte, vượt giới hạn 20\.000 byte; nhiều nhất là communes/);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'communes', size: { limit: 20_000 } });
      expect((await gqlOk(capped.graphql, '{ metrics { code } }', {}, staff)).metrics.length).toBeGreaterThan(0);
    } finally {
      await capped.close();
    }
  });

  it('gives the APIs’ database sessions a statement timeout', async () => {
    for (const api of [city, district]) {
      const rows = await api.app.get(DataSource).query('SHOW statement_timeout');
      expect(rows[0].statement_timeout).toBe(`${configOf(api).apiStatementTimeoutMs / 1000}s`);
    }
  });

  it('answers a statement the database cancels at that timeout with BAD_USER_INPUT naming the field, no internals', async () => {
    process.env.API_STATEMENT_TIMEOUT_MS = '300';
    const short = await startApp(CITY_API).finally(() => delete process.env.API_STATEMENT_TIMEOUT_MS);
    // Another session holds the city's facts: completeness waits on them until the API's timeout cancels it.
    const holder = testClient(assertTestEnvironment().databaseUrl);
    await holder.connect();
    try {
      const staff = await tokenFor(short.graphql, 'city');
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE city.report_fact IN ACCESS EXCLUSIVE MODE');
      const res = await gql(short.graphql, `{ completeness(period: "${PERIOD}", level: DISTRICT) { expected submitted } }`, {}, staff);
      await holder.query('ROLLBACK');
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'completeness',
        messageEn: expect.stringMatching(/too long/),
      });
      expect(res.errors?.[0].message).toMatch(/^Truy vấn chạy quá lâu.*completeness/);
      expect(JSON.stringify(res)).not.toMatch(/report_fact|SELECT|57014|statement timeout/);
      // Once the facts are free the same query is answered.
      expect(
        (await gqlOk(short.graphql, `{ completeness(period: "${PERIOD}", level: DISTRICT) { expected } }`, {}, staff)).completeness
          .expected,
      ).toBe(30);
    } finally {
      await holder.end();
      await short.close();
    }
  });
});
