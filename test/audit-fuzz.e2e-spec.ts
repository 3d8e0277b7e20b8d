/**
 * The audit's fuzz run as a permanent test (issue 16, part 7): thousands of requests generated with fast-check from
 * the schemas both APIs build — random root fields with valid-looking, boundary and ill-typed arguments (missing,
 * null, huge, unicode, negative), inline or as variables (sometimes declared with the wrong type), aliases,
 * fragments, deep selections, garbled documents; as any caller (none, every role, Đông Anh and its neighbour, forged
 * tokens); over any HTTP shape (GET, POST, wrong content types, invalid JSON, batches, bodies of the wrong shape).
 * Every answer must be a JSON body below 500 whose every error has a known code, leaking nothing (no stack, SQL,
 * path, secret, nor Gia Lâm's text to a caller outside it); every refused mutation must leave every table exactly as
 * it was (row counts and checksums: a partial write shows).
 *
 * Sequential and bounded: FUZZ_RUNS requests (3,000 by default). The seed is printed; FUZZ_SEED=<n> replays a run,
 * FUZZ_SEED=random draws a new one, FUZZ_ONLY=<i> sends only request i of the run (with FUZZ_SEED, to replay one).
 */
import { createHmac } from 'node:crypto';

import { loadConfig } from '@council/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  getNamedType,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

import type { RunningApp } from './support/apps.js';
import { daysFromNow, DONG_ANH_FILED, SECRETS, useCouncilFixtures } from './support/council-fixtures.js';
import { DEV_PASSWORD, type GraphQLErrorShape, type GraphQLResponse } from './support/graphql.js';
import { leaks, realisticValues, valueList } from './support/reporting.js';
import {
  contractOf,
  gialamScope,
  KNOWN_CODES,
  literalStringsIn,
  plausibleValue,
  type RootOperation,
  rootOperations,
  type Scope,
  selectionOf,
  spareAccount,
  stringsIn,
  type ValueContext,
} from './support/schema-operations.js';
import { platformTables, type TablesState, tableState } from './support/table-state.js';

const DEFAULT_SEED = 20_261_206;
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? DEFAULT_SEED) | 0;
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);

const f = useCouncilFixtures('audit_fuzz');
const config = loadConfig(process.env);

type Api = 'city' | 'district';

interface Caller {
  name: string;
  /** The Authorization header (none: anonymous). */
  authorization?: string;
  /** May not see Gia Lâm's private text, whatever it asks. */
  outsider: boolean;
}

/** A generated request, as sent (printed when it fails). */
interface FuzzRequest {
  api: Api;
  op: string;
  kind: RootOperation['kind'];
  caller: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** GET: the query string. */
  search?: string;
  /** Every string the request carried (an error may quote them: no leak). */
  echoed: string[];
  /** The keys of the root fields in the answer (the field's name, or its aliases). */
  roots: string[];
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

let callers: Caller[] = [];
let scopes: Scope[] = [];
const ops: { api: Api; op: RootOperation }[] = [];
let tables: string[] = [];

beforeAll(async () => {
  const users: [string, boolean][] = [
    ['viewer', false],
    [`w${DONG_ANH_FILED}`, true],
    ['d017', true],
    ['d018', false],
    ['city', false],
    ['admin', false],
  ];
  callers = [{ name: 'anonymous', outsider: true }];
  for (const [user, outsider] of users) {
    // The same account's token serves both APIs (one secret, one user table).
    callers.push({ name: user, authorization: `Bearer ${await f.token('district', user)}`, outsider });
  }
  const viewer = (await f.token('district', 'viewer')).split('.');
  const claims = JSON.parse(Buffer.from(viewer[1], 'base64url').toString()) as Record<string, unknown>;
  const forged = (c: Record<string, unknown>, key: string) => {
    const body = `${viewer[0]}.${b64(c)}`;
    return `Bearer ${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
  };
  callers.push(
    {
      name: 'forged: viewer made CITY_ADMIN',
      authorization: `Bearer ${viewer[0]}.${b64({ ...claims, role: 'CITY_ADMIN' })}.${viewer[2]}`,
      outsider: true,
    },
    { name: 'forged: another secret', authorization: forged({ ...claims, role: 'CITY_ADMIN' }, 'not-the-secret'), outsider: true },
    { name: 'forged: garbage', authorization: 'Bearer eyJhbGciOi.garbage', outsider: true },
  );
  const one = async (sql: string, params: unknown[]) => (await f.pool.query<{ id: string }>(sql, params)).rows[0].id;
  scopes = [
    {
      unitCode: '017',
      meetingId: f.cityMeetingId,
      directiveId: f.cityDirectiveId,
      assignmentId: f.assignments['017'],
      reportId: await one(`SELECT id FROM district.report WHERE unit_code = $1`, [DONG_ANH_FILED]),
      username: spareAccount(f, '017'),
    },
    gialamScope(f),
  ];
  for (const api of ['city', 'district'] as const) {
    const app = api === 'city' ? f.city : f.district;
    for (const op of rootOperations(app.app.get(GraphQLSchemaHost).schema, contractOf(`${api}-api`))) ops.push({ api, op });
  }
  tables = await platformTables(f.pool);
}, 60_000);

// ---- values ----

/** `arb` once in `n` draws, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Strings that mean something somewhere: the fixtures' ids and codes, either side of the border, and near misses. */
function stringPool(): string[] {
  return [
    ...scopes.flatMap((s) => Object.values(s)),
    '01',
    'VN',
    '99999',
    '00000',
    f.gialamCommune,
    DONG_ANH_FILED,
    '2024Q1',
    '2024',
    '2024Q5',
    'Q1-2024',
    '2024Q0',
    'sessions.regular',
    'resolutions.issued',
    '00000000-0000-4000-8000-000000000000',
    f.cityMeetingId.toUpperCase(),
    `${f.cityMeetingId} `,
    daysFromNow(10),
    '2024-02-30',
    '1900-01-01T00:00:00Z',
  ];
}

const NASTY = [
  '',
  ' ',
  '\n\t',
  "' OR '1'='1",
  "'; DROP TABLE district.report; --",
  '"; SELECT pg_sleep(0); --',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202eLTR',
  '🏛️👩‍⚖️',
  'Hội đồng nhân dân',
  'NaN',
  'null',
  'undefined',
  '{"$gt": ""}',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
];

const string = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...stringPool()) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(64, 201, 501, 2001, 5001, 20_001, 100_000).map((n) => 'ộ'.repeat(n)) },
  );

const integer = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(0, 1, -1, 100, 101, 2000, 2024, 2100, 2101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1.5, 1e308),
    fc.integer(),
  );

/** Any JSON value of the wrong kind for whatever it is sent as. */
const wrongKind = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom({}, [], [[[[1]]]], { a: { b: { c: {} } } }, true, false, 0, -1, 'x', { __proto__: { admin: true } }),
    fc.jsonValue({ maxDepth: 3 }),
  );

function valueContext(scope: Scope, root: string): ValueContext {
  let n = 0;
  return {
    scope,
    root,
    unique: () => `fuzz${'abcdefghij'[n++ % 10]}`,
    date: daysFromNow,
    metricValues: () => valueList(realisticValues(scope.unitCode.length === 5 ? 'WARD' : 'DISTRICT', 3)),
    password: DEV_PASSWORD,
  };
}

/** A value for `type`: mostly plausible or of the right kind with odd content, sometimes of the wrong kind or null. */
function valueOf(type: GraphQLInputType, name: string, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  const plausible = fc.constant(plausibleValue(type, name, ctx));
  return fc.oneof(
    { weight: 5, arbitrary: plausible },
    { weight: 5, arbitrary: rightKind(type, name, ctx, depth) },
    { weight: 1, arbitrary: wrongKind() },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function rightKind(type: GraphQLInputType, name: string, ctx: ValueContext, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return rightKind(type.ofType, name, ctx, depth);
  if (isListType(type)) return fc.array(valueOf(type.ofType, name, ctx, depth + 1), { maxLength: depth > 2 ? 0 : 4 });
  if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), fc.constantFrom('NOPE', 'pending', ''));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    if (depth > 3) return fc.constant({});
    return fc
      .tuple(
        ...fields.map((field) =>
          fc.oneof(
            { weight: isNonNullType(field.type) ? 8 : 3, arbitrary: valueOf(field.type, field.name, ctx, depth + 1) },
            { weight: 1, arbitrary: fc.constant(undefined) },
          ),
        ),
        rarely(fc.constantFrom('bogus', 'id', 'role', '__typename'), 10),
      )
      .map((values) => {
        const extra = values.pop() as string | undefined;
        const object: Record<string, unknown> = {};
        fields.forEach((field, i) => values[i] !== undefined && (object[field.name] = values[i]));
        if (extra) object[extra] = 'CITY_ADMIN';
        return object;
      });
  }
  if (!isScalarType(type)) return fc.constant(null);
  switch (type.name) {
    case 'Int':
    case 'Float':
      return integer();
    case 'Boolean':
      return fc.boolean();
    case 'Date':
      return fc.oneof(
        fc.integer({ min: -800, max: 800 }).map(daysFromNow),
        fc.constantFrom('2024-02-30', '2024-13-01', '0000-00-00', '99999-01-01', 'hôm qua', ''),
      );
    case 'DateTime':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2024-04-19', 'soon', '1e10'),
      );
    default:
      return string();
  }
}

// ---- documents ----

/** A value as a GraphQL literal (strings that look like enum values go bare). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '0';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return /^[A-Z][A-Z_]+$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .filter(([k]) => /^[_A-Za-z]\w*$/.test(k))
    .map(([k, x]) => `${k}: ${literal(x)}`)
    .join(', ')}}`;
}

interface Shape {
  form: 'variables' | 'inline' | 'mistyped';
  depth: number;
  aliases: number;
  fragment: boolean;
  operationName?: string;
  garble?: { at: number; insert: string };
}

function documentOf(
  op: RootOperation,
  args: Record<string, unknown>,
  shape: Shape,
): { query: string; variables: Record<string, unknown>; operationName?: string; roots: string[] } {
  const named = getNamedType(op.field.type);
  const selection = isObjectType(named)
    ? shape.fragment
      ? `{ ...Picked } fragment Picked on ${named.name} ${selectionOf(named, shape.depth)}`
      : selectionOf(named, shape.depth)
    : '';
  const [body, fragments] = selection.includes(' fragment ') ? selection.split(/ (?=fragment )/) : [selection, ''];
  const definitions: string[] = [];
  const calls: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const arg = op.field.args.find((a) => a.name === name);
    if (shape.form === 'inline' || !arg) calls.push(`${name}: ${literal(value)}`);
    else {
      // mistyped: the variable declared as some other type than the argument's (validation must refuse it).
      definitions.push(`$${name}: ${shape.form === 'mistyped' ? 'String' : String(arg.type)}`);
      calls.push(`${name}: $${name}`);
      variables[name] = value;
    }
  }
  const call = `${op.field.name}${calls.length ? `(${calls.join(', ')})` : ''} ${body}`;
  const fields = Array.from({ length: shape.aliases }, (_, i) => (shape.aliases > 1 ? `a${i}: ${call}` : call)).join(' ');
  const name = shape.operationName === undefined ? '' : ` Fuzz`;
  let query = `${op.kind}${name}${definitions.length ? `(${definitions.join(', ')})` : ''} { ${fields} } ${fragments}`.trim();
  if (shape.garble) {
    const at = shape.garble.at % (query.length + 1);
    query = query.slice(0, at) + shape.garble.insert + query.slice(at);
  }
  const roots = Array.from({ length: shape.aliases }, (_, i) => (shape.aliases > 1 ? `a${i}` : op.field.name));
  return { query, variables, operationName: shape.operationName, roots };
}

type Transport = 'json' | 'get' | 'get-preflight' | 'text' | 'form' | 'no-type' | 'invalid-json' | 'batch' | 'wrong-shape';

const transport = fc.oneof(
  { weight: 30, arbitrary: fc.constant<Transport>('json') },
  { weight: 2, arbitrary: fc.constantFrom<Transport>('get', 'get-preflight') },
  { weight: 1, arbitrary: fc.constantFrom<Transport>('text', 'form', 'no-type', 'invalid-json', 'batch', 'wrong-shape') },
);

const shape: fc.Arbitrary<Shape> = fc.record(
  {
    form: fc.oneof(
      { weight: 8, arbitrary: fc.constant<'variables'>('variables') },
      { weight: 3, arbitrary: fc.constant<'inline'>('inline') },
      { weight: 1, arbitrary: fc.constant<'mistyped'>('mistyped') },
    ),
    depth: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 12 }) }),
    aliases: fc.oneof(
      { weight: 20, arbitrary: fc.constant(1) },
      { weight: 2, arbitrary: fc.integer({ min: 2, max: 4 }) },
      { weight: 1, arbitrary: fc.integer({ min: 20, max: 200 }) },
    ),
    fragment: fc.boolean(),
    operationName: rarely(fc.constantFrom('Fuzz', 'Other', ''), 5),
    garble: rarely(
      fc.record({ at: fc.nat(), insert: fc.constantFrom('{', '}', '(', '$', '"', '@skip', '...', '\u0000', ' fragment ') }),
      15,
    ),
  },
  { requiredKeys: ['form', 'depth', 'aliases', 'fragment'] },
);

/** One generated request: an operation of either API, its arguments, the document's shape, the caller and the HTTP form. */
function requests(): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ which: fc.nat(ops.length - 1), scope: fc.constantFrom(...scopes), caller: fc.constantFrom(...callers) })
    .chain(({ which, scope, caller }) => {
      const { api, op } = ops[which];
      const ctx = valueContext(scope, op.field.name);
      const args = fc
        .tuple(
          ...op.field.args.map((arg) =>
            fc.oneof(
              { weight: isNonNullType(arg.type) ? 10 : 2, arbitrary: valueOf(arg.type, arg.name, ctx) },
              { weight: 1, arbitrary: fc.constant(undefined) },
            ),
          ),
          rarely(fc.constantFrom('bogus', 'first', 'where'), 20),
        )
        .map((values) => {
          const extra = values.pop() as string | undefined;
          const out: Record<string, unknown> = {};
          op.field.args.forEach((a, i) => values[i] !== undefined && (out[a.name] = values[i]));
          if (extra) out[extra] = 1;
          return out;
        });
      return fc
        .record({ args, shape, transport })
        .map(({ args, shape, transport }) => build(api, op, caller, documentOf(op, args, shape), transport));
    });
}

function build(
  api: Api,
  op: RootOperation,
  caller: Caller,
  doc: { query: string; variables: Record<string, unknown>; operationName?: string; roots: string[] },
  how: Transport,
): FuzzRequest {
  const headers: Record<string, string> = caller.authorization ? { authorization: caller.authorization } : {};
  const payload = {
    query: doc.query,
    variables: doc.variables,
    ...(doc.operationName === undefined ? {} : { operationName: doc.operationName }),
  };
  const base = {
    api,
    op: op.name,
    kind: op.kind,
    caller: caller.name,
    echoed: [doc.query, ...stringsIn(doc.variables)],
    roots: doc.roots,
  };
  const json = JSON.stringify(payload);
  switch (how) {
    case 'get':
    case 'get-preflight': {
      const search = new URLSearchParams({ query: doc.query, variables: JSON.stringify(doc.variables) }).toString();
      if (how === 'get-preflight') headers['apollo-require-preflight'] = 'true';
      return { ...base, method: 'GET', headers, search };
    }
    case 'text':
      return { ...base, method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: json };
    case 'form':
      return {
        ...base,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: doc.query }).toString(),
      };
    case 'no-type':
      return { ...base, method: 'POST', headers, body: json };
    case 'invalid-json':
      return {
        ...base,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: json.slice(0, Math.max(1, json.length - 7)),
      };
    case 'batch':
      return {
        ...base,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify([payload, payload]),
      };
    case 'wrong-shape':
      return {
        ...base,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: [doc.query], variables: JSON.stringify(doc.variables), extensions: 'x' }),
      };
    default:
      return { ...base, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: json };
  }
}

// ---- sending and judging ----

/**
 * The socket failed before any answer: seen once in 3,000 in a loaded CI run, on a request every other run answers 400.
 * The usual cause is a kept-alive socket the server closed while this process was busy judging a large answer.
 */
const STALE_SOCKET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

async function send(
  app: RunningApp,
  r: FuzzRequest,
  retry = true,
): Promise<{ status: number; text: string; json?: GraphQLResponse; resent?: boolean }> {
  let res: Response;
  try {
    res = await fetch(`${app.graphql}${r.search ? `?${r.search}` : ''}`, { method: r.method, headers: r.headers, body: r.body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    // Sent once more on a new socket, as any HTTP client does; a server that is really gone fails the second time too,
    // and a write the first attempt did make still shows in the tables' state.
    if (retry && STALE_SOCKET.has(String(cause?.code))) return { ...(await send(app, r, false)), resent: true };
    // No answer at all: status 0, judged as no JSON body.
    return { status: 0, text: `no answer: ${String(cause ?? error)}` };
  }
  const text = await res.text();
  try {
    return { status: res.status, text, json: JSON.parse(text) as GraphQLResponse };
  } catch {
    return { status: res.status, text };
  }
}

const PRIVATE = [
  ['a file path', /\/(?:work|home|root|usr|app|src|dist)\/[\w./-]+\.(?:js|ts|mjs)/],
  ['node_modules', /node_modules/],
  ['the JWT secret', new RegExp(config.jwtSecret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
] as const;

/** What is wrong with one answer (nothing: []). */
function judge(r: FuzzRequest, caller: Caller, answer: { status: number; text: string; json?: GraphQLResponse }): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  if (!answer.json || typeof answer.json !== 'object') return [...problems, `not a JSON object: ${answer.text.slice(0, 200)}`];
  const errors = (
    Array.isArray(answer.json) ? answer.json.flatMap((a: GraphQLResponse) => a.errors ?? []) : (answer.json.errors ?? [])
  ) as GraphQLErrorShape[];
  for (const e of errors) {
    const code = e.extensions?.code;
    if (typeof code !== 'string') problems.push(`an error without a code: ${e.message}`);
    else if (!KNOWN_CODES.has(code)) problems.push(`unknown code ${code}: ${e.message}`);
  }
  // The document's inline string literals are echoed input too. Only a plain-sized document's, and a few of them: the
  // generated giants (thousands of aliases, deep nesting) ran the parse and the echo-stripping into a 4 GB heap.
  const query = r.echoed[0] ?? '';
  const literals = query.length <= 20_000 ? [...new Set(literalStringsIn(query))].slice(0, 50) : [];
  const echoed = [...r.echoed, ...literals].filter((s) => s.length >= 3);
  problems.push(...leaks(answer.json, echoed).map((l) => `leak: ${l}`));
  let text = answer.text;
  for (const e of echoed) text = text.split(JSON.stringify(e).slice(1, -1)).join('');
  for (const [what, re] of PRIVATE) if (re.test(text)) problems.push(`leak: ${what}`);
  if (caller.outsider) {
    const seen = Object.values(SECRETS).filter((s) => text.includes(s));
    if (seen.length) problems.push(`Gia Lâm's private text to ${caller.name}: ${seen.join(' | ')}`);
  }
  return problems;
}

/**
 * Whether any root field of a mutation ran to the end, i.e. may have written: the document was executed (the answer
 * has `data`) and some root field has no error of its own. Its data may still be null: a later alias's error nulls
 * the whole answer when the field is non-null, after the earlier one has committed.
 */
function accepted(r: FuzzRequest, json?: GraphQLResponse): boolean {
  if (!json || Array.isArray(json) || !('data' in json) || json.data === undefined) return false;
  const failed = new Set((json.errors ?? []).filter((e) => e.path?.length === 1).map((e) => e.path![0]));
  return r.roots.some((root) => !failed.has(root));
}

describe('fuzzing both APIs', () => {
  it(`${RUNS} generated requests: no 5xx, a JSON body, a known code on every error, no leak, no partial write`, async () => {
    const started = Date.now();
    const all = fc.sample(requests(), { seed: SEED, numRuns: RUNS });
    const chosen = ONLY === undefined ? all.map((r, i) => [i, r] as const) : [[ONLY, all[ONLY]] as const];
    console.log(
      `audit fuzz: seed ${SEED} (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}), ${chosen.length} request(s), ${tables.length} tables watched`,
    );
    const stats = {
      mutations: 0,
      refusedMutations: 0,
      refusedAtField: 0,
      refusedInResolver: 0,
      acceptedWrites: 0,
      resent: 0,
      statuses: {} as Record<number, number>,
      codes: {} as Record<string, number>,
    };
    const failures: string[] = [];
    let before: TablesState = await tableState(f.pool, tables);
    for (const [i, r] of chosen) {
      const caller = callers.find((c) => c.name === r.caller)!;
      const answer = await send(r.api === 'city' ? f.city : f.district, r);
      if (answer.resent) stats.resent++;
      const problems = judge(r, caller, answer);
      stats.statuses[answer.status] = (stats.statuses[answer.status] ?? 0) + 1;
      const errors = answer.json && !Array.isArray(answer.json) ? (answer.json.errors ?? []) : [];
      for (const e of errors) stats.codes[String(e.extensions?.code)] = (stats.codes[String(e.extensions?.code)] ?? 0) + 1;
      if (r.kind === 'mutation') {
        stats.mutations++;
        const after = await tableState(f.pool, tables);
        const moved = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(before[t]));
        if (accepted(r, answer.json)) stats.acceptedWrites++;
        else {
          stats.refusedMutations++;
          if (errors.some((e) => e.extensions?.field)) stats.refusedAtField++;
          if (errors.some((e) => ['FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'BAD_USER_INPUT'].includes(String(e.extensions?.code)) && e.path))
            stats.refusedInResolver++;
          if (moved.length) problems.push(`refused, yet wrote to ${moved.join(', ')}`);
        }
        before = after;
      }
      if (problems.length)
        failures.push(
          `#${i} ${problems.join('; ')}\n  request: ${JSON.stringify({ ...r, echoed: undefined }).slice(0, 1500)}\n  answer ${answer.status}: ${answer.text.slice(0, 500)}`,
        );
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `audit fuzz: ${chosen.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}); ${JSON.stringify(stats)}; ${failures.length} failure(s)`,
    );
    expect(failures.slice(0, 15)).toEqual([]);
    if (ONLY === undefined) {
      // Not vacuous: mutations were sent, and many were refused where a partial write could happen (past validation,
      // in the resolver: a field named, a scope or a state refused), while some writes went through.
      expect(stats.mutations).toBeGreaterThanOrEqual(RUNS * 0.2);
      expect(stats.refusedAtField).toBeGreaterThanOrEqual(RUNS * 0.02);
      expect(stats.refusedInResolver).toBeGreaterThanOrEqual(RUNS * 0.02);
      expect(stats.acceptedWrites).toBeGreaterThan(0);
    }
  }, 900_000);
});
