import type { ListCost, ListSizeArgs } from '@council/core';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

import { COST_EXTENSION } from '../cost.decorators.js';

/** The size of a list field that declares none (test/query-cost fails on one; this keeps the check closed meanwhile). */
export const UNDECLARED_LIST_ROWS = 1000;

export interface QueryCost {
  /** Rows the answer is estimated to hold: every object in it, each row of a list counted. Scalars are free. */
  estimated: number;
  /**
   * The list that makes the most rows, as its path ("a1:councilUnits.children"), and what narrows it: the arguments of
   * the nearest list at or above it that declares some (`narrowField`), none when no list above it has arguments.
   */
  heaviest: { field: string; rows: number; narrowField: string; narrow: string[] } | null;
}

/** A list field's rows for its arguments: its `@ListSize`, else UNDECLARED_LIST_ROWS. */
export function listRows(extensions: Readonly<Record<string, unknown>> | undefined | null, field: ListSizeArgs): number {
  const cost = extensions?.[COST_EXTENSION] as ListCost | undefined;
  if (!cost) return UNDECLARED_LIST_ROWS;
  const rows = typeof cost.rows === 'function' ? cost.rows(field) : cost.rows;
  return Number.isFinite(rows) && rows > 0 ? rows : 0;
}

/**
 * The estimated rows of one operation, before it runs: each field that returns an object counts once per row of
 * every list above it, and a list multiplies what is under it by its declared size. A query of 15 aliases ×
 * `councilUnits → children × 3` is 15 × 600 × 30 × 30 × 30 rows at worst — which is how it must be reckoned, since
 * the estimate alone decides. Variables that do not coerce leave the arguments they feed unset (execution refuses
 * them anyway); @skip/@include are honoured.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  /** Whether the caller may resolve a field (its schema extensions): one it may not is refused by the guard, its subtree never runs. */
  may: (extensions: Readonly<Record<string, unknown>> | undefined | null) => boolean = () => true,
): QueryCost {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { estimated: 0, heaviest: null };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  const values = coerced.coerced ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = schema.getRootType(operation.operation);
  const result: QueryCost = { estimated: 0, heaviest: null };
  if (!root) return result;

  const included = (node: FieldNode | { directives?: FieldNode['directives'] }) =>
    getDirectiveValues(GraphQLSkipDirective, node, values)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, values)?.if !== false;

  type Narrowing = { narrowField: string; narrow: string[] };
  const walk = (
    type: GraphQLNamedType,
    selections: SelectionSetNode,
    multiplier: number,
    path: string,
    parent: ListSizeArgs | undefined,
    narrowing: Narrowing,
  ) => {
    for (const selection of selections.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on) walk(on, selection.selectionSet, multiplier, path, parent, narrowing);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && on) walk(on, fragment.selectionSet, multiplier, path, parent, narrowing);
        continue;
      }
      // Introspection (__schema, __type, __typename) is not data: the explorer's schema stays free.
      if (selection.name.value.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      const def = type.getFields()[selection.name.value];
      if (!def || !isCompositeType(getNamedType(def.type)) || !selection.selectionSet || !may(def.extensions)) continue;
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(def, selection, values);
      } catch {
        // A bad argument: execution refuses it; reckon the field as if the argument were absent.
      }
      const here: ListSizeArgs = { args, parent };
      const key = selection.alias && selection.alias.value !== def.name ? `${selection.alias.value}:${def.name}` : def.name;
      const at = path ? `${path}.${key}` : key;
      const list = isListType(getNullableType(def.type));
      const rows = multiplier * (list ? listRows(def.extensions, here) : 1);
      result.estimated += rows;
      const narrow = list ? ((def.extensions?.[COST_EXTENSION] as ListCost | undefined)?.narrow ?? []) : [];
      const narrowed = narrow.length ? { narrowField: at, narrow } : narrowing;
      if (list && (!result.heaviest || rows > result.heaviest.rows)) result.heaviest = { field: at, rows, ...narrowed };
      walk(getNamedType(def.type), selection.selectionSet, rows, at, here, narrowed);
    }
  };
  walk(root, operation.selectionSet, 1, '', undefined, { narrowField: '', narrow: [] });
  return result;
}
