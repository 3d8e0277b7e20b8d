import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { from, mergeMap, throwError } from 'rxjs';

import { graphqlErrorsOf } from '../shared/graphql-errors';
import { currentSession, endSession, freshAccessToken } from '../shared/session';

/** Which API an operation goes to: district-api by default, `context: CITY` for city-api's. */
export const CITY = { context: { api: 'city' } } as const;

const http = (api: 'city' | 'district') => new HttpLink({ uri: `/api/${api}/graphql` });

const withToken = (operation: ApolloLink.Operation, token: string | null) => {
  operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    token,
  }));
};

// Every request carries an access token the server should take: renewed first when it has (nearly) expired.
const auth = new ApolloLink((operation, forward) =>
  from(freshAccessToken()).pipe(
    mergeMap((token) => {
      withToken(operation, token);
      return forward(operation);
    }),
  ),
);

// A refused token (expired early, its user changed, signed out elsewhere) is renewed once and the request sent again,
// unnoticed. A refused renewal ends the session (session.ts); the router then shows the sign-in page with the reason
// and brings the person back here afterwards.
const renewal = new ErrorLink(({ error, operation, forward }) => {
  if (!graphqlErrorsOf(error).some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
  const { token, renewed } = operation.getContext() as { token?: string | null; renewed?: boolean };
  if (!token) return;
  // Refused again with a token just renewed: the session is over whatever the renewal said.
  if (renewed) return void (currentSession() && endSession('expired'));
  return from(freshAccessToken(token)).pipe(
    mergeMap((fresh) => {
      if (!fresh) return throwError(() => error);
      operation.setContext({ renewed: true });
      withToken(operation, fresh);
      return forward(operation);
    }),
  );
});

export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([auth, renewal, ApolloLink.split((op) => op.getContext().api === 'city', http('city'), http('district'))]),
    cache: new InMemoryCache({
      typePolicies: {
        // A code names a unit only together with a day (00008: Phường Liễu Giai until 30/06/2025, then Phường Ngọc Hà):
        // a unit read with its `asOf` is cached per day; one read without it, by code alone. Neither needs `code` asked
        // for twice: a selection without `code` (a link's `councilUnit { parent }`) is simply not normalised.
        CouncilUnit: {
          keyFields: (unit) =>
            typeof unit.code !== 'string'
              ? false
              : typeof unit.asOf === 'string'
                ? `CouncilUnit:${unit.code}@${unit.asOf}`
                : `CouncilUnit:${unit.code}`,
        },
        Metric: { keyFields: ['code'] },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}

let shared: ApolloClient | undefined;

/** The app's one client: the provider's, and the one a route's prefetch fills before its page has rendered. */
export function apolloClient(): ApolloClient {
  return (shared ??= createApolloClient());
}
