/**
 * Authorization on every field that carries data, not only on the root (issue 16, part 1), read off the schemas the
 * two APIs really build. Every resolver declares who may call it (`@Allow` / `@Public`, libs/server), and the
 * declaration travels in the field's schema extensions. From the schema alone this proves:
 *   - every root field (query, mutation, subscription) is declared;
 *   - what each role can reach, walking from the roots it may call through the fields it may resolve; a plain field
 *     (no resolver of its own) is reachable exactly when its object is. The lists are a snapshot: a new field shows
 *     up in the diff with the roles that reach it, so it cannot be forgotten.
 * Then the viewer's view of meetings, as the audit found it, is asked over HTTP: no directive text, no assignment note.
 */
import { Role, ROLE_PERMISSIONS } from '@council/core';
import { AUTHORIZATION_EXTENSION, type FieldAuthorization } from '@council/server';
import { getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, isObjectType } from 'graphql';

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

/** Every "Type.field" a role can resolve, walking from the roots it may call. */
function reachable(schema: GraphQLSchema, role: Role): string[] {
  const can = (a: FieldAuthorization | undefined) => !a || a.public || (a.permissions ?? []).some((p) => ROLE_PERMISSIONS[role].has(p));
  const seen = new Set<string>();
  const fields = new Set<string>();
  const visit = (type: GraphQLObjectType, isRoot: boolean) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const a = authorizationOf(field);
      if (isRoot ? !a || !can(a) : !can(a)) continue;
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
])('%s', (_name, app) => {
  it('declares who may call every root field', () => {
    expect(undeclaredRoots(schemaOf(app()))).toEqual([]);
  });

  it.each(Object.values(Role))('reaches what %s may, and no more (snapshot)', (role) => {
    expect(reachable(schemaOf(app()), role)).toMatchSnapshot();
  });
});

describe('the viewer’s view of meetings', () => {
  it('reaches no directive text and no assignment, by any path', () => {
    const fields = reachable(schemaOf(city), Role.VIEWER);
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
