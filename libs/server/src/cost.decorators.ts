import type { ListCost, ListSizeArgs } from '@council/core';
import { Extensions } from '@nestjs/graphql';

/**
 * What a list field carries in its schema extensions: how many rows it returns (graphql/query-cost.ts multiplies them
 * down the query). test/query-cost reads them off the built schemas and fails on a list field that has none.
 */
export const COST_EXTENSION = 'cost';

/**
 * A list field's size, beside the field: a number (a declared estimate), or derived from the field's arguments — and
 * its enclosing field's, for a list inside an object a query returns. `narrow` names what a caller narrows when the
 * list makes a query too large. On a `@Field` property, a `@ResolveField` or a `@Query`.
 */
export const ListSize = (rows: number | ((field: ListSizeArgs) => number), ...narrow: string[]): PropertyDecorator & MethodDecorator =>
  Extensions({ [COST_EXTENSION]: { rows, narrow } satisfies ListCost }) as PropertyDecorator & MethodDecorator;
