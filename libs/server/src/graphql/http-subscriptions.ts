import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Subscriptions are served over graphql-ws only. Sent over HTTP, graphql-js would run a subscription's root field
 * like a query's, with no event to resolve (and no guard on `subscribe`): the resolver fails and the client sees an
 * INTERNAL_SERVER_ERROR. Refused before anything runs, as the client's mistake.
 */
export const refuseSubscriptionsOverHttp: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription')
          throw new GraphQLError('Chỉ đăng ký theo dõi được qua WebSocket (graphql-ws) / subscriptions are served over WebSocket only', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
      },
    };
  },
};
