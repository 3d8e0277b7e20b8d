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
