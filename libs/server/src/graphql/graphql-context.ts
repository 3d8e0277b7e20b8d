import DataLoader from 'dataloader';
import type { Request, Response } from 'express';

/** What every resolver sees as the GraphQL context. `loaders` holds this request's DataLoaders. */
export interface GraphQLContext {
  req: Request;
  res?: Response;
  loaders: Map<string, unknown>;
}

/** A per-request DataLoader (or any per-request memo), created on first use. */
export function requestLoader<T>(context: GraphQLContext, key: string, create: () => T): T {
  let loader = context.loaders.get(key) as T | undefined;
  if (!loader) {
    loader = create();
    context.loaders.set(key, loader);
  }
  return loader;
}

/**
 * A per-request DataLoader answering each id with its rows (those whose `groupOf` is that id), for a field that
 * lists a parent's children: every parent of the request in one `fetch`.
 */
export function groupedLoader<R>(
  context: GraphQLContext,
  key: string,
  fetch: (ids: readonly string[]) => Promise<R[]>,
  groupOf: (row: R) => string | null,
): DataLoader<string, R[]> {
  return requestLoader(
    context,
    key,
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const groups = new Map<string, R[]>(ids.map((id) => [id, []]));
        for (const row of await fetch(ids)) {
          const id = groupOf(row);
          if (id !== null) groups.get(id)?.push(row);
        }
        return ids.map((id) => groups.get(id)!);
      }),
  );
}

/**
 * The `resolve` of every `@Subscription`. A subscription's context lives as
 * long as the subscription, so the per-request loaders above would cache the
 * first event's rows for every later one: each event starts with none.
 */
export function resolveSubscriptionEvent<T>(field: string): (payload: Record<string, T>, args: unknown, context: GraphQLContext) => T {
  return (payload, _args, context) => {
    context.loaders.clear();
    return payload[field];
  };
}

const perParent = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * A field's value computed once per parent object. Objects built for one
 * request behave as a per-request memo; an object shared by many requests (a
 * live summary pushed to every screen, cached until its figures change)
 * has its fields loaded once for all of them, and a new object starts afresh.
 */
export function oncePerParent<T>(parent: object, field: string, load: () => Promise<T>): Promise<T> {
  let fields = perParent.get(parent);
  if (!fields) perParent.set(parent, (fields = new Map()));
  let value = fields.get(field) as Promise<T> | undefined;
  if (!value) fields.set(field, (value = load()));
  return value;
}
