import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';

import { graphqlErrorsOf } from '../shared/graphql-errors';
import { currentSession, endSession } from '../shared/session';

/** Which API an operation goes to: district-api by default, `context: CITY` for city-api's. */
export const CITY = { context: { api: 'city' } } as const;

const http = (api: 'city' | 'district') => new HttpLink({ uri: `/api/${api}/graphql` });

const auth = new ApolloLink((operation, forward) => {
  const session = currentSession();
  if (session)
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, authorization: `Bearer ${session.accessToken}` },
    }));
  return forward(operation);
});

// A refused token (expired, or its user disabled) ends the session; the router then shows the sign-in page with
// the reason and brings the person back here afterwards.
const expiry = new ErrorLink(({ error }) => {
  if (graphqlErrorsOf(error).some((e) => e.extensions?.code === 'UNAUTHENTICATED') && currentSession()) endSession('expired');
});

export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([expiry, auth, ApolloLink.split((op) => op.getContext().api === 'city', http('city'), http('district'))]),
    cache: new InMemoryCache({
      typePolicies: {
        CouncilUnit: { keyFields: ['code'] },
        Metric: { keyFields: ['code'] },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
