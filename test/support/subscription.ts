import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import type { RunningApp } from './apps.js';
import type { GraphQLErrorShape } from './graphql.js';

/** How a subscription over graphql-ws first answered: its first event, its errors, or the socket closed on it. */
export interface FirstAnswer {
  data?: unknown;
  errors?: GraphQLErrorShape[];
  closedWith?: number;
}

/**
 * Opens a socket with `connectionParams` (the bearer token travels there), subscribes, and gives the first thing that
 * comes back, then closes the socket. `undefined` params: none at all.
 */
export async function firstAnswer(
  app: RunningApp,
  query: string,
  variables: Record<string, unknown>,
  connectionParams: Record<string, unknown> | undefined,
  withinMs = 15_000,
): Promise<FirstAnswer> {
  let closedWith: number | undefined;
  const client = createClient({
    url: `${app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (e) => (closedWith ??= (e as { code?: number }).code) },
  });
  try {
    return await new Promise<FirstAnswer>((resolve) => {
      const timer = setTimeout(() => resolve({ closedWith: closedWith ?? -1 }), withinMs);
      const done = (answer: FirstAnswer) => (clearTimeout(timer), resolve(answer));
      client.subscribe(
        { query, variables },
        {
          next: (m) => done(m.errors ? { data: m.data, errors: m.errors as GraphQLErrorShape[] } : { data: m.data }),
          // A refused operation comes as a list of GraphQL errors, a refused socket as its close event.
          error: (e) => done(Array.isArray(e) ? { errors: e as GraphQLErrorShape[] } : { closedWith: closedWith ?? -1 }),
          complete: () => done({ closedWith }),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** A subscription held open: every event's data as it comes (`values`), its errors, and `close()`. */
export interface Followed<T> {
  values: T[];
  errors: unknown[];
  close(): Promise<void>;
}

/** Subscribes over graphql-ws with the bearer token and keeps every event until closed (a live badge, a screen). */
export function follow<T = any>(app: RunningApp, query: string, token: string, variables: Record<string, unknown> = {}): Followed<T> {
  const client = createClient({
    url: `${app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const followed: Followed<T> = { values: [], errors: [], close: async () => client.dispose() };
  client.subscribe<T>(
    { query, variables },
    {
      next: (m) => {
        if (m.errors) followed.errors.push(...m.errors);
        if (m.data) followed.values.push(m.data as T);
      },
      error: (e) => followed.errors.push(...(Array.isArray(e) ? e : [e])),
      complete: () => undefined,
    },
  );
  return followed;
}
