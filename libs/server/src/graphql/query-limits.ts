import type { ApolloServerPlugin } from '@apollo/server';
import {
  type AppConfig,
  type DomainError,
  queryBudget,
  QueryTooLargeError,
  ResponseTooLargeError,
  type Role,
  ROLE_PERMISSIONS,
} from '@council/core';
import { type ExecutionArgs, type ExecutionResult, GraphQLError } from 'graphql';

import { AUTHORIZATION_EXTENSION, type FieldAuthorization } from '../authorization.decorators.js';
import { formatGraphQLError } from './format-error.js';
import type { GraphQLContext } from './graphql-context.js';
import { queryCost } from './query-cost.js';

/**
 * Who is asking, as far as the budget is concerned: the auth library provides it (it alone verifies tokens), globally,
 * under this token. `null`: not signed in, or a token the guard will refuse.
 */
export const CALLER_ROLE = 'council:caller-role';
export interface CallerRole {
  roleOf(req: GraphQLContext['req']): Promise<Role | null>;
}

/** A domain error as a request error: a 400, formatted by formatGraphQLError like any other (its code and details). */
function requestError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** The refusal of an operation whose estimated rows exceed the caller's budget, or null to let it run. */
export async function costRefusal(
  config: AppConfig,
  callerRole: CallerRole | undefined,
  args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'> & { variableValues?: unknown; req: GraphQLContext['req'] },
): Promise<GraphQLError | null> {
  const cost = queryCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
  // Within the smallest budget there is no need to know who asks.
  if (cost.estimated <= queryBudget(config, null)) return null;
  const role = (await callerRole?.roleOf(args.req)) ?? null;
  const limit = queryBudget(config, role);
  if (cost.estimated <= limit) return null;
  // What the caller may not resolve never runs (the guard refuses it, FORBIDDEN or UNAUTHENTICATED as ever): not counted.
  const may = (extensions: Readonly<Record<string, unknown>> | undefined | null) => {
    const a = extensions?.[AUTHORIZATION_EXTENSION] as FieldAuthorization | undefined;
    return !a || !!a.public || (role !== null && (a.permissions ?? []).some((p) => ROLE_PERMISSIONS[role].has(p)));
  };
  const own = queryCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined, may);
  if (own.estimated <= limit || !own.heaviest) return null;
  return requestError(new QueryTooLargeError({ estimated: own.estimated, limit, role, ...own.heaviest }));
}

/** The refusal of an answer larger than the cap, formatted, or null to send it. Sizes are of its JSON, by root field. */
export function sizeRefusal(config: AppConfig, data: unknown): GraphQLError | null {
  if (!data || typeof data !== 'object') return null;
  let bytes = 0;
  let field = '';
  let most = -1;
  for (const [key, value] of Object.entries(data)) {
    const size = Buffer.byteLength(JSON.stringify(value) ?? '');
    bytes += size;
    if (size > most) [field, most] = [key, size];
  }
  if (bytes <= config.graphql.maxResponseBytes) return null;
  return requestError(new ResponseTooLargeError({ bytes, limit: config.graphql.maxResponseBytes, field }));
}

/**
 * The budget and the response cap over HTTP: the cost is reckoned once the operation is known (variables included),
 * before anything runs; an answer over the cap is replaced whole by the refusal (never part of the data).
 */
export function queryLimitsPlugin(config: AppConfig, callerRole: CallerRole | undefined): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, contextValue }) {
          const refusal = await costRefusal(config, callerRole, {
            schema,
            document,
            operationName: request.operationName,
            variableValues: request.variables,
            req: contextValue.req,
          });
          if (refusal) throw refusal;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const refusal = sizeRefusal(config, response.body.singleResult.data);
          if (!refusal) return;
          response.body.singleResult = { errors: [formatGraphQLError(refusal.toJSON(), refusal)] };
          response.http.status = 400;
        },
      };
    },
  };
}

/**
 * The same over graphql-ws, which runs graphql-js without Apollo: `execute`/`subscribe` wrapped so that an operation
 * over budget answers with the refusal instead of running. (Its answers pass the cap in `onNext`, with `sizeRefusal`.)
 */
export function withCostLimit<R>(
  config: AppConfig,
  callerRole: CallerRole | undefined,
  run: (args: ExecutionArgs) => R,
): (args: ExecutionArgs) => Promise<Awaited<R> | ExecutionResult> {
  return async (args): Promise<Awaited<R> | ExecutionResult> => {
    const refusal = await costRefusal(config, callerRole, { ...args, req: (args.contextValue as GraphQLContext).req });
    if (refusal) return { errors: [refusal] };
    return (await run(args)) as Awaited<R>;
  };
}
