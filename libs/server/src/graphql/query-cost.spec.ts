import type { ListSizeArgs } from '@council/core';
import { buildSchema, type GraphQLObjectType, parse } from 'graphql';

import { COST_EXTENSION } from '../cost.decorators.js';
import { queryCost, UNDECLARED_LIST_ROWS } from './query-cost.js';

/** A schema shaped like the APIs', with list sizes set as @ListSize sets them. */
function schema() {
  const s = buildSchema(`
    type Unit { code: String! children: [Unit!]! parent: Unit tags: [String!]! }
    type Row { value: Int! unit: Unit }
    type Result { rows: [Row!]! asOf: String! }
    input Q { periods: [String!]! }
    type Query { units(level: String): [Unit!]! unit: Unit result(q: Q!): Result! undeclared: [Unit!]! }
  `);
  const set = (type: string, field: string, rows: number | ((f: ListSizeArgs) => number), ...narrow: string[]) =>
    Object.assign((s.getType(type) as GraphQLObjectType).getFields()[field], { extensions: { [COST_EXTENSION]: { rows, narrow } } });
  set('Query', 'units', ({ args }) => (args.level === 'DISTRICT' ? 30 : 600), 'level');
  set('Unit', 'children', 30);
  set('Result', 'rows', ({ parent }) => (parent?.args.q as { periods: string[] }).periods.length * 10, 'q.periods');
  return s;
}

const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  queryCost(schema(), parse(query), operationName, variables);

describe('queryCost', () => {
  it('counts every object once per row of each list above it; scalars and lists of scalars are free', () => {
    expect(cost('{ unit { code tags parent { code } } }').estimated).toBe(2);
    expect(cost('{ units { code tags } }').estimated).toBe(600);
    expect(cost('{ units { children { code } } }').estimated).toBe(600 + 600 * 30);
    expect(cost('{ a: units { code } b: units { code } }').estimated).toBe(1200);
  });

  it('sizes a list from its arguments, inline or in variables, and from its enclosing field’s', () => {
    expect(cost('{ units(level: "DISTRICT") { code } }').estimated).toBe(30);
    expect(cost('query($l: String) { units(level: $l) { code } }', { l: 'DISTRICT' }).estimated).toBe(30);
    expect(cost('query($q: Q!) { result(q: $q) { rows { value unit { code } } } }', { q: { periods: ['2024', '2025'] } }).estimated).toBe(
      1 + 20 + 20,
    );
  });

  it('names the list that makes the most rows, and the nearest list above it with arguments to narrow', () => {
    expect(cost('{ x: units { children { children { code } } } }').heaviest).toEqual({
      field: 'x:units.children.children',
      rows: 600 * 30 * 30,
      narrowField: 'x:units',
      narrow: ['level'],
    });
    expect(cost('query($q: Q!) { result(q: $q) { rows { value } } }', { q: { periods: ['2024'] } }).heaviest).toEqual({
      field: 'result.rows',
      rows: 10,
      narrowField: 'result.rows',
      narrow: ['q.periods'],
    });
  });

  it('follows fragments, honours @skip/@include, ignores introspection, and reckons the named operation', () => {
    const doc = `
      query A($skip: Boolean!) { units { ...F } unit @skip(if: $skip) { code } __schema { types { name } } }
      query B { unit { code } }
      fragment F on Unit { children { code } }`;
    expect(cost(doc, { skip: true }, 'A').estimated).toBe(600 + 600 * 30);
    expect(cost(doc, { skip: false }, 'A').estimated).toBe(600 + 600 * 30 + 1);
    expect(cost(doc, {}, 'B').estimated).toBe(1);
  });

  it('leaves out what the caller may not resolve, and everything under it', () => {
    const s = schema();
    const children = (s.getType('Unit') as GraphQLObjectType).getFields().children;
    children.extensions = { ...children.extensions, forbidden: true };
    const may = (extensions: Readonly<Record<string, unknown>> | null | undefined) => !extensions?.forbidden;
    expect(queryCost(s, parse('{ units { code children { children { code } } } }'), undefined, {}, may).estimated).toBe(600);
  });

  it('reckons a list that declares nothing at the undeclared size, and a bad variable as an absent argument', () => {
    expect(cost('{ undeclared { code } }').estimated).toBe(UNDECLARED_LIST_ROWS);
    expect(cost('query($l: String) { units(level: $l) { code } }', { l: 42 }).estimated).toBe(600);
  });
});
