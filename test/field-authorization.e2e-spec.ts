/**
 * Authorization on every field that carries data, not only on the root (issue 16, part 1), read off the schemas the
 * two APIs really build. Every resolver declares who may call it (`@Allow` / `@Public`, libs/server), and the
 * declaration travels in the field's schema extensions. From the schema alone this proves:
 *   - every root field (query, mutation, subscription) is declared, and so is every nested field with a resolver of
 *     its own (a plain field is read off an object its parent's resolver already returned);
 *   - what each role can reach, walking from the roots it may call through the fields it may resolve; a plain field
 *     (no resolver of its own) is reachable exactly when its object is. The lists are a snapshot: a new field shows
 *     up in the diff with the roles that reach it, so it cannot be forgotten.
 * Then the viewer's view of meetings, as the audit found it, is asked over HTTP: no directive text, no assignment note.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Role, ROLE_PERMISSIONS } from '@council/core';
import { projectRoot } from '@council/database';
import { AUTHORIZATION_EXTENSION, type FieldAuthorization } from '@council/server';
import { ModulesContainer } from '@nestjs/core';
import { buildSchema, getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, isObjectType } from 'graphql';

import { startApis } from './support/apis.js';
import { closeApps, type RunningApp, schemaOf } from './support/apps.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';

let city: RunningApp;
let district: RunningApp;

beforeAll(async () => ({ city, district } = await startApis()), 60_000);
afterAll(() => closeApps(city, district));

const authorizationOf = (field: GraphQLField<unknown, unknown>) =>
  field.extensions?.[AUTHORIZATION_EXTENSION] as FieldAuthorization | undefined;

function roots(schema: GraphQLSchema): GraphQLObjectType[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t): t is GraphQLObjectType => !!t);
}

/** "Type.field" of every root field that declares nothing (the guard would refuse it, but it must say so). */
function undeclaredRoots(schema: GraphQLSchema): string[] {
  return roots(schema).flatMap((t) =>
    Object.values(t.getFields())
      .filter((f) => !authorizationOf(f))
      .map((f) => `${t.name}.${f.name}`),
  );
}

/** The object types of the schema's own (not introspection's) and their fields. */
function objectFields(schema: GraphQLSchema): [GraphQLObjectType, GraphQLField<unknown, unknown>][] {
  return Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'))
    .flatMap((t) => Object.values(t.getFields()).map((f): [GraphQLObjectType, GraphQLField<unknown, unknown>] => [t, f]));
}

/**
 * "Type.field" of every `@ResolveField` method of the app's resolvers, read from Nest's decorator metadata (the schema
 * cannot tell: Nest gives plain fields a resolve function too). The guard runs on each; a plain field is read off an
 * object its parent's resolver already returned.
 */
function fieldResolvers(app: RunningApp): Set<string> {
  const found = new Set<string>();
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.providers.values()) {
      if (typeof metatype !== 'function') continue;
      const type = Reflect.getMetadata('graphql:resolver_name', metatype) as string | undefined;
      if (!type) continue;
      for (let proto = metatype.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const key of Object.getOwnPropertyNames(proto)) {
          const method = (proto as Record<string, unknown>)[key];
          if (typeof method !== 'function' || !Reflect.getMetadata('graphql:resolve_property', method)) continue;
          found.add(`${type}.${(Reflect.getMetadata('graphql:resolver_name', method) as string | undefined) ?? key}`);
        }
      }
    }
  }
  return found;
}

/** Every "Type.field" a role can resolve, walking from the roots it may call. An undeclared field resolver is refused. */
/**
 * The "Type.field"s of an API's committed contract (apps/<api>/schema.graphql, which test/schema holds to what the API
 * serves alone). Two APIs started in one process share Nest's type registry, so either may build a field of the
 * other's resolvers that it does not serve (city-api's DirectiveAssignment.directive, from district-api), and whether
 * it does depends on the order things load: the walk keeps to the contract.
 */
function contractFields(api: 'city-api' | 'district-api'): Set<string> {
  const schema = buildSchema(readFileSync(join(projectRoot(), 'apps', api, 'schema.graphql'), 'utf8'));
  return new Set(
    Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`)),
  );
}

function reachable(schema: GraphQLSchema, role: Role, resolvers: Set<string>, contract: Set<string>): string[] {
  const allowed = (a: FieldAuthorization) => a.public || (a.permissions ?? []).some((p) => ROLE_PERMISSIONS[role].has(p));
  const seen = new Set<string>();
  const fields = new Set<string>();
  const visit = (type: GraphQLObjectType, isRoot: boolean) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      if (!contract.has(`${type.name}.${field.name}`)) continue;
      const a = authorizationOf(field);
      if (a ? !allowed(a) : isRoot || resolvers.has(`${type.name}.${field.name}`)) continue;
      fields.add(`${type.name}.${field.name}`);
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named, false);
    }
  };
  for (const root of roots(schema)) visit(root, true);
  return [...fields].sort();
}

describe.each([
  ['city-api', () => city],
  ['district-api', () => district],
] as const)('%s', (name, app) => {
  it('declares who may call every root field', () => {
    expect(undeclaredRoots(schemaOf(app()))).toEqual([]);
  });

  it('declares who may call every field with a resolver of its own, nested ones included', () => {
    const resolvers = fieldResolvers(app());
    const fields = objectFields(schemaOf(app())).filter(([t, f]) => resolvers.has(`${t.name}.${f.name}`));
    // Not vacuous: every field resolver was found in the schema, and there are many (a directive's body, its assignments…).
    expect(fields.length).toBe(resolvers.size);
    expect(fields.length).toBeGreaterThan(10);
    expect(fields.filter(([, f]) => !authorizationOf(f)).map(([t, f]) => `${t.name}.${f.name}`)).toEqual([]);
  });

  it.each(Object.values(Role))('reaches what %s may, and no more (snapshot)', (role) => {
    expect(reachable(schemaOf(app()), role, fieldResolvers(app()), contractFields(name))).toMatchSnapshot();
  });
});

describe('the viewer’s view of meetings', () => {
  it('reaches no directive text and no assignment, by any path', () => {
    const fields = reachable(schemaOf(city), Role.VIEWER, fieldResolvers(city), contractFields('city-api'));
    expect(fields).toContain('BriefingMeeting.directives'); // the hall's screen lists them by title and progress
    expect(fields).toContain('Directive.title');
    expect(fields).not.toContain('Directive.body');
    expect(fields).not.toContain('Directive.assignments');
    expect(fields.filter((f) => f.startsWith('DirectiveAssignment.') || f.startsWith('AssignmentHistory'))).toEqual([]);
  });

  it('is refused the directive text and the assignments when it asks', async () => {
    // A meeting of the city's with a conclusion, and a directive issued from it: what a screen in the hall lists.
    const staff = await tokenFor(city.graphql, 'city');
    const meeting = await gqlOk(
      city.graphql,
      `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`,
      { i: { period: '2024Q1', title: 'Giao ban quý I/2024', startsAt: '2024-04-19T01:30:00Z' } },
      staff,
    );
    const meetingId = meeting.createBriefingMeeting.id;
    const conclusion = await gqlOk(
      city.graphql,
      `mutation($m: ID!, $t: String!) { addConclusion(meetingId: $m, text: $t) { id } }`,
      { m: meetingId, t: 'Rà soát kết luận chất vấn' },
      staff,
    );
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await gqlOk(
      city.graphql,
      `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`,
      {
        i: {
          title: 'Rà soát kết luận chất vấn, giải trình',
          body: 'Nội dung chỉ đạo chỉ dành cho người chỉ đạo',
          targetUnitCodes: ['009'],
          dueDate,
          briefingConclusionId: conclusion.addConclusion.id,
        },
      },
      staff,
    );
    const token = await tokenFor(city.graphql, 'viewer');
    const titles = await gql(city.graphql, `{ briefingMeetings { directives { title } } }`, {}, token);
    expect(titles.errors).toBeUndefined();
    expect(JSON.stringify(titles.data)).toContain('Rà soát kết luận chất vấn, giải trình');
    for (const query of [
      `{ briefingMeetings { directives { title body } } }`,
      `{ briefingMeetings { directives { assignments { lastNote progressPercent children { lastNote } } } } }`,
      // One meeting: every meeting's conclusions' directives would be over a viewer's query budget (test/query-cost).
      `{ briefingMeeting(id: "${meetingId}") { conclusions { directives { body } } } }`,
    ]) {
      const res = await gql(city.graphql, query, {}, token);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(JSON.stringify(res.data ?? null)).not.toMatch(/"body"|"lastNote"/);
    }
  });
});
