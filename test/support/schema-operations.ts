/**
 * Requests generated from the schema an API really builds (issue 16, part 7: the audit as tests): every root field of
 * Query, Mutation and Subscription, with valid-looking arguments made from their types and names, and a selection of
 * the fields its answer carries. A field added later is picked up as it is, with no edit here; an argument whose name
 * says nothing gets a value of its type, which the snapshot of the matrix then shows (a refusal as BAD_USER_INPUT).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ERROR_CODES } from '@council/core';
import { projectRoot } from '@council/database';
import { AUTHORIZATION_EXTENSION, type FieldAuthorization } from '@council/server';
import {
  buildSchema,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  visit,
} from 'graphql';

import { type CouncilFixtures, DONG_ANH_FILED } from './council-fixtures.js';
import { councilWards } from './reporting.js';

/** Every code an answer's error may carry: the domain's and the request's (parse, validation, HTTP). Never INTERNAL_SERVER_ERROR. */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ERROR_CODES),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'METHOD_NOT_ALLOWED',
  'REQUEST_HEADER_FIELDS_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface RootOperation {
  kind: OperationKind;
  /** "Mutation.addConclusion" */
  name: string;
  field: GraphQLField<unknown, unknown>;
  authorization?: FieldAuthorization;
}

/**
 * Every root field of an API, queries first, each kind's fields sorted by name: as the committed contract
 * (apps/<api>/schema.graphql, which test/schema holds equal to what the API serves alone) spells it, with the
 * authorization declared on the served schema's field. The contract, not the served schema, gives the fields: two
 * APIs started in one test process share Nest's type metadata, so one's field resolvers can appear on the other's
 * shared types, which its own process would never serve.
 */
export function rootOperations(served: GraphQLSchema, contract: GraphQLSchema = served): RootOperation[] {
  const kinds: [OperationKind, (s: GraphQLSchema) => GraphQLObjectType | null | undefined][] = [
    ['query', (s) => s.getQueryType()],
    ['mutation', (s) => s.getMutationType()],
    ['subscription', (s) => s.getSubscriptionType()],
  ];
  return kinds.flatMap(([kind, rootOf]) => {
    const type = rootOf(contract);
    const servedFields = rootOf(served)?.getFields() ?? {};
    return type
      ? Object.values(type.getFields())
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((field) => ({
            kind,
            name: `${type.name}.${field.name}`,
            field,
            authorization: servedFields[field.name]?.extensions?.[AUTHORIZATION_EXTENSION] as FieldAuthorization | undefined,
          }))
      : [];
  });
}

/** An API's committed contract, apps/<api>/schema.graphql. */
export function contractOf(api: 'city-api' | 'district-api'): GraphQLSchema {
  return buildSchema(readFileSync(join(projectRoot(), 'apps', api, 'schema.graphql'), 'utf8'));
}

/**
 * The fields of `type` a request selects: its leaves that need no argument, and, `depth` levels down, the same of the
 * objects it holds. An object with no such leaf selects `__typename`, so the selection is never empty.
 */
export function selectionOf(type: GraphQLNamedType, depth = 0): string {
  if (!isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(field.type);
    if (isObjectType(named)) {
      if (depth > 0) parts.push(`${field.name} ${selectionOf(named, depth - 1)}`);
    } else parts.push(field.name);
  }
  return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
}

/** What scope-carrying arguments point at: one side's unit and the rows it owns. */
export interface Scope {
  unitCode: string;
  meetingId: string;
  directiveId: string;
  assignmentId: string;
  reportId: string;
  /** An account that administrators' operations may change without harm to the callers of the test. */
  username: string;
}

/**
 * An account of a district's councils that administrators' operations may reset or disable: nobody the audit suites
 * sign in as (not the filed Đông Anh commune, not Gia Lâm's).
 */
export function spareAccount(f: CouncilFixtures, district: string): string {
  return `w${councilWards(district).find((c) => c !== DONG_ANH_FILED && c !== f.gialamCommune)}`;
}

/** Gia Lâm's side: what a neighbouring district's staff must not reach. */
export function gialamScope(f: CouncilFixtures): Scope {
  return {
    unitCode: '018',
    meetingId: f.gialamMeetingId,
    directiveId: f.gialamDirectiveId,
    assignmentId: f.assignments['018'],
    reportId: f.gialamReportId,
    username: spareAccount(f, '018'),
  };
}

export interface ValueContext {
  scope: Scope;
  /** The root field the value is for: an `id` names a meeting, a directive, an assignment or a report by it. */
  root: string;
  /** A fresh string per call, for what must be unique (a new user's name, a new metric's code). */
  unique(): string;
  /** A date `days` from today, yyyy-mm-dd. */
  date(days: number): string;
  /** Valid metric values for a report or a plan. */
  metricValues(): { metric: string; value: number }[];
  password: string;
}

/** Enum values that make a request plausible rather than refused outright (the first value otherwise). */
const PREFERRED_ENUM: Record<string, string> = {
  Role: 'DISTRICT_STAFF',
  CouncilLevel: 'WARD',
  AssignmentStatus: 'IN_PROGRESS',
  AttendanceStatus: 'PRESENT',
  ReviewDecision: 'ACCEPT',
  StatisticsDimension: 'METRIC',
};

/** Optional arguments and input fields worth sending: the ones that carry a scope, so a neighbour's is asked for. */
const SCOPE_NAMES = /^(unitCode|hostUnitCode|parentCode|scope)$/;

/** The arguments of a root field: every required one, and the optional ones that carry a scope. */
export function plausibleArgs(field: GraphQLField<unknown, unknown>, ctx: ValueContext): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args as GraphQLArgument[]) {
    if (isNonNullType(arg.type) || SCOPE_NAMES.test(arg.name)) args[arg.name] = plausibleValue(arg.type, arg.name, ctx);
  }
  return args;
}

/** A valid-looking value for an argument or input field of `type` named `name`. */
export function plausibleValue(type: GraphQLInputType, name: string, ctx: ValueContext): unknown {
  if (isNonNullType(type)) return plausibleValue(type.ofType, name, ctx);
  if (isListType(type)) {
    if (/^(values|targets)$/.test(name)) return ctx.metricValues();
    return [plausibleValue(type.ofType, name.replace(/s$/, ''), ctx)];
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return values.includes(PREFERRED_ENUM[type.name]) ? PREFERRED_ENUM[type.name] : values[0];
  }
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) || SCOPE_NAMES.test(f.name)) value[f.name] = plausibleValue(f.type, f.name, ctx);
    return value;
  }
  if (!isScalarType(type)) return null;
  switch (type.name) {
    case 'Int':
    case 'Float':
      return intNamed(name);
    case 'Boolean':
      return name === 'active';
    case 'Date':
      return ctx.date(30);
    case 'DateTime':
      return '2024-07-19T01:30:00Z';
    case 'ID':
      return idNamed(name, ctx);
    default:
      return stringNamed(name, ctx);
  }
}

function intNamed(name: string): number {
  if (name === 'year') return 2024;
  if (name === 'progressPercent') return 50;
  if (/limit|attendees/.test(name)) return 10;
  return 1;
}

function idNamed(name: string, ctx: ValueContext): string {
  const s = ctx.scope;
  const about = name === 'id' ? ctx.root : name;
  if (/meeting/i.test(about)) return s.meetingId;
  if (/assignment/i.test(about)) return s.assignmentId;
  if (/report/i.test(about)) return s.reportId;
  return s.directiveId;
}

function stringNamed(name: string, ctx: ValueContext): string {
  if (SCOPE_NAMES.test(name) || /unitCode$/i.test(name)) return ctx.scope.unitCode;
  // closeQuarter gets a quarter of its own: closing the fixtures' quarter would refuse every later write to it.
  if (/^periods?$/.test(name)) return ctx.root === 'closeQuarter' ? '2024Q4' : '2024Q1';
  if (name === 'username') return ctx.root === 'createUser' ? ctx.unique() : ctx.scope.username;
  if (name === 'password') return ctx.root === 'login' ? ctx.password : 'Mat-khau-kiem-tra-2024';
  if (/^metrics?$|^partOf$/.test(name)) return 'sessions.regular';
  if (name === 'code') return `audit.${ctx.unique()}`;
  if (name === 'group') return 'sessions';
  return `Kiểm tra ${name}`;
}

/** A GraphQL document for one root field: its arguments as variables (`$name`), its answer's fields selected. */
export function documentFor(
  op: RootOperation,
  args: Record<string, unknown>,
  depth = 0,
): { query: string; variables: Record<string, unknown> } {
  const used = op.field.args.filter((a) => a.name in args);
  const definitions = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `${op.kind}${definitions ? `(${definitions})` : ''} { ${op.field.name}${call ? `(${call})` : ''} ${selectionOf(getNamedType(op.field.type), depth)} }`;
  return { query, variables: args };
}

/** Every string a value holds: an error message may quote what was sent, which is no leak. */
/** The string literals written inline in a document (what an error may quote back); none for a garbled one. */
export function literalStringsIn(query: string): string[] {
  const found: string[] = [];
  try {
    visit(parse(query), { StringValue: (node) => void found.push(node.value) });
  } catch {
    // Not a document: nothing inline to quote.
  }
  return found;
}

export function stringsIn(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(stringsIn);
  return [];
}
