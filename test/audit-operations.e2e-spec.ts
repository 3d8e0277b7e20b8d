/**
 * The audit's role × operation matrix as a permanent test (issue 16, part 7). Every root field of both APIs — read off
 * the schemas they build, so a new operation joins with no edit here — is called by each kind of caller with
 * valid-looking arguments made from its types: anonymous, a viewer, a commune's staff, Đông Anh's district staff on
 * their own scope and on Gia Lâm's next door, city staff and an administrator. Each answer is data or an error with a
 * known code and nothing internal; a caller the declaration (`@Allow`) leaves out is refused before anything runs; a
 * refused write changes no table; the neighbour gets nothing of Gia Lâm's. Who got what is a snapshot, so a change of
 * access shows in review.
 */
import { type Role, ROLE_PERMISSIONS } from '@council/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';

import type { RunningApp } from './support/apps.js';
import { daysFromNow, DONG_ANH_FILED, SECRETS, useCouncilFixtures } from './support/council-fixtures.js';
import { DEV_PASSWORD, gql, type GraphQLResponse } from './support/graphql.js';
import { leaks, realisticValues, valueList } from './support/reporting.js';
import {
  contractOf,
  documentFor,
  gialamScope,
  KNOWN_CODES,
  plausibleArgs,
  type RootOperation,
  rootOperations,
  type Scope,
  spareAccount,
  stringsIn,
  type ValueContext,
} from './support/schema-operations.js';
import { firstAnswer } from './support/subscription.js';
import { platformTables, tableState } from './support/table-state.js';

const f = useCouncilFixtures('audit_operations');

interface Caller {
  /** The matrix's column. */
  name: string;
  user: string | null;
  role: Role | null;
  scope: () => Scope;
}

const scopes: Record<'dongAnh' | 'ward' | 'gialam', Scope> = {} as never;
const CALLERS: Caller[] = [
  { name: 'anonymous', user: null, role: null, scope: () => scopes.dongAnh },
  { name: 'VIEWER', user: 'viewer', role: 'VIEWER' as Role, scope: () => scopes.dongAnh },
  { name: 'WARD_STAFF', user: `w${DONG_ANH_FILED}`, role: 'WARD_STAFF' as Role, scope: () => scopes.ward },
  { name: 'DISTRICT_STAFF', user: 'd017', role: 'DISTRICT_STAFF' as Role, scope: () => scopes.dongAnh },
  { name: 'DISTRICT_STAFF → neighbour', user: 'd017', role: 'DISTRICT_STAFF' as Role, scope: () => scopes.gialam },
  { name: 'CITY_STAFF', user: 'city', role: 'CITY_STAFF' as Role, scope: () => scopes.dongAnh },
  { name: 'CITY_ADMIN', user: 'admin', role: 'CITY_ADMIN' as Role, scope: () => scopes.dongAnh },
];
const NEIGHBOUR = 'DISTRICT_STAFF → neighbour';

/** Every table of every schema: a refused mutation writes nowhere (audit log, sessions and notifications included). */
let tables: string[];

beforeAll(async () => {
  tables = await platformTables(f.pool);
  const one = async (sql: string, params: unknown[]) => (await f.pool.query<{ id: string }>(sql, params)).rows[0].id;
  const dongAnhMeeting = await gql(
    f.city.graphql,
    `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`,
    { i: { period: '2024Q1', title: 'Giao ban HĐND huyện Đông Anh với các xã', startsAt: '2024-04-23T01:30:00Z' } },
    await f.token('city', 'd017'),
  );
  const dongAnhDirective = await gql(
    f.city.graphql,
    `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`,
    { i: { title: 'Đông Anh: rà soát kiến nghị cử tri', body: 'Các xã rà soát kiến nghị cử tri.', dueDate: daysFromNow(20) } },
    await f.token('city', 'd017'),
  );
  const dongAnhReport = await one(`SELECT id FROM district.report WHERE unit_code = $1`, [DONG_ANH_FILED]);
  scopes.dongAnh = {
    unitCode: '017',
    meetingId: dongAnhMeeting.data.createBriefingMeeting.id,
    directiveId: dongAnhDirective.data.issueDirective.id,
    assignmentId: f.assignments['017'],
    reportId: dongAnhReport,
    username: spareAccount(f, '017'),
  };
  scopes.ward = { ...scopes.dongAnh, unitCode: DONG_ANH_FILED, assignmentId: f.assignments[DONG_ANH_FILED] };
  scopes.gialam = gialamScope(f);
}, 60_000);

let uniques = 0;
function valueContext(scope: Scope, root: string): ValueContext {
  return {
    scope,
    root,
    // Lower-case letters only: valid as a user name and as a metric code's segment.
    unique: () => `audit${(++uniques).toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)])}`,
    date: daysFromNow,
    metricValues: () => valueList(realisticValues(scope.unitCode.length === 5 ? 'WARD' : 'DISTRICT', 7)),
    password: DEV_PASSWORD,
  };
}

/** 'ok', or the first error's code; over a socket closed before any answer, 'closed <code>'. */
type Outcome = string;

interface Asked {
  op: RootOperation;
  caller: Caller;
  variables: Record<string, unknown>;
  res: GraphQLResponse;
  outcome: Outcome;
  /** Row counts and checksums moved (mutations only). */
  wrote: boolean;
}

async function ask(app: RunningApp, api: 'city' | 'district', op: RootOperation, caller: Caller, depth = 0): Promise<Asked> {
  const { query, variables } = documentFor(op, plausibleArgs(op.field, valueContext(caller.scope(), op.field.name)), depth);
  const token = caller.user ? await f.token(api, caller.user) : undefined;
  if (op.kind === 'subscription') {
    const first = await firstAnswer(app, query, variables, token ? { authorization: `Bearer ${token}` } : undefined);
    const res = { status: 101, data: first.data, errors: first.errors };
    const outcome = first.errors?.length ? String(first.errors[0].extensions?.code) : first.data ? 'ok' : `closed ${first.closedWith}`;
    return { op, caller, variables, res, outcome, wrote: false };
  }
  const before = op.kind === 'mutation' ? await tableState(f.pool, tables) : undefined;
  const res = await gql(app.graphql, query, variables, token);
  const wrote = !!before && JSON.stringify(await tableState(f.pool, tables)) !== JSON.stringify(before);
  const data = res.data?.[op.field.name];
  const outcome = res.errors?.length ? String(res.errors[0].extensions?.code) : data !== undefined ? 'ok' : 'no data';
  return { op, caller, variables, res, outcome, wrote };
}

/** Empty: null, [] or an object of empty lists (a list filtered down to nothing). */
const empty = (v: unknown): boolean =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.values(v).every(empty));

describe.each([
  ['city-api', 'city' as const],
  ['district-api', 'district' as const],
])('%s: every operation × every caller', (_name, api) => {
  it('answers data or a known code, refuses whom the declaration leaves out, writes nothing when refused, gives a neighbour nothing (snapshot)', async () => {
    const app = api === 'city' ? f.city : f.district;
    const ops = rootOperations(app.app.get(GraphQLSchemaHost).schema, contractOf(`${api}-api`));
    const matrix: Record<string, Record<string, Outcome>> = {};
    const problems: string[] = [];
    for (const op of ops) {
      const row: Record<string, Outcome> = (matrix[op.name] = {});
      for (const caller of CALLERS) {
        const a = await ask(app, api, op, caller);
        row[caller.name] = a.outcome;
        const where = `${op.name} as ${caller.name}`;
        const codes = (a.res.errors ?? []).map((e) => e.extensions?.code);
        if (codes.some((c) => !c || !KNOWN_CODES.has(c))) problems.push(`${where}: codes ${JSON.stringify(codes)}`);
        if (a.outcome === 'no data') problems.push(`${where}: neither data nor an error`);
        const leaked = leaks(a.res, stringsIn(a.variables));
        if (leaked.length) problems.push(`${where}: leaks ${leaked.join(', ')}`);
        if (a.outcome !== 'ok' && a.wrote) problems.push(`${where}: refused (${a.outcome}) but a table changed`);
        const auth = op.authorization;
        if (!auth?.public) {
          // Whom the declaration leaves out is refused before any argument is looked at.
          const may = caller.role && (auth?.permissions ?? []).some((p) => ROLE_PERMISSIONS[caller.role!].has(p));
          const expected = !caller.role ? ['UNAUTHENTICATED', 'closed 4403'] : may ? undefined : ['FORBIDDEN'];
          if (expected && !expected.includes(a.outcome)) problems.push(`${where}: ${a.outcome}, expected ${expected.join(' or ')}`);
        }
        if (caller.name === NEIGHBOUR) {
          const text = JSON.stringify(a.res);
          const seen = Object.values(SECRETS).filter((s) => text.includes(s));
          if (seen.length) problems.push(`${where}: Gia Lâm's ${seen.join(', ')}`);
          // Asked about Gia Lâm's unit or rows, Đông Anh gets a refusal or nothing, unless the operation is open to
          // every signed-in caller (the unit tree, the catalogue).
          const open = auth?.public || (auth?.permissions ?? []).some((p) => ROLE_PERMISSIONS.VIEWER.has(p));
          const gialam = new Set<unknown>(Object.values(scopes.gialam));
          const aimed = stringsIn(a.variables).some((v) => gialam.has(v));
          if (aimed && !open && a.outcome === 'ok' && !empty(a.res.data?.[op.field.name])) problems.push(`${where}: answered with data`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The matrix is not vacuous: everyone is refused something, and everyone who signs in is allowed something.
    for (const caller of CALLERS) {
      const column = Object.values(matrix).map((row) => row[caller.name]);
      expect({ caller: caller.name, refused: column.some((o) => o !== 'ok') }).toEqual({ caller: caller.name, refused: true });
      expect({ caller: caller.name, allowed: column.some((o) => o === 'ok') }).toEqual({ caller: caller.name, allowed: true });
    }
    expect(matrix).toMatchSnapshot();
  }, 300_000);
});

describe.each([
  ['city-api', 'city' as const],
  ['district-api', 'district' as const],
])('%s: every query, two levels of nested fields deep', (_name, api) => {
  it("gives Gia Lâm's secrets to no one outside Gia Lâm but the city, by any nested path", async () => {
    const app = api === 'city' ? f.city : f.district;
    const queries = rootOperations(app.app.get(GraphQLSchemaHost).schema, contractOf(`${api}-api`)).filter((op) => op.kind === 'query');
    const outsiders = CALLERS.filter((c) => c.role && c.role !== 'CITY_STAFF' && c.role !== 'CITY_ADMIN');
    const city = CALLERS.find((c) => c.role === 'CITY_STAFF')!;
    const problems: string[] = [];
    let nested = 0;
    const seenByCity = new Set<string>();
    for (const op of queries) {
      for (const caller of outsiders) {
        const a = await ask(app, api, op, caller, 2);
        if (a.outcome === 'ok') nested++;
        const text = JSON.stringify(a.res);
        const seen = Object.entries(SECRETS).filter(([, s]) => text.includes(s));
        if (seen.length) problems.push(`${op.name} as ${caller.name}: ${seen.map(([k]) => k).join(', ')}`);
      }
      // Asked on Gia Lâm's side, the city reads them: the same documents do reach those fields.
      const text = JSON.stringify((await ask(app, api, op, { ...city, scope: () => scopes.gialam }, 2)).res);
      for (const [k, s] of Object.entries(SECRETS)) if (text.includes(s)) seenByCity.add(k);
    }
    expect(problems).toEqual([]);
    expect(nested).toBeGreaterThan(queries.length);
    expect(seenByCity.size).toBeGreaterThan(0);
  }, 300_000);
});
