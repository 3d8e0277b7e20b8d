import type { IncomingMessage } from 'node:http';

import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { AppConfig } from '@council/core';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError, NoSchemaIntrospectionCustomRule, specifiedRules, validate, type ValidationRule } from 'graphql';

import { APP_CONFIG } from '../app-config.module.js';
import { DomainErrorFilter } from './domain-error.filter.js';
import { formatGraphQLError } from './format-error.js';
import type { GraphQLContext } from './graphql-context.js';
import { TextInputPipe } from './text-input.pipe.js';

export interface GraphQLApiOptions {
  /** Serve subscriptions over graphql-ws on the same path (city-api: live briefing screens). */
  subscriptions?: boolean;
}

/** What graphql-ws hands the context factory: the socket's upgrade request and the client's connection_init payload. */
interface WsContextArgs {
  connectionParams?: Record<string, unknown>;
  extra: { request: IncomingMessage };
}

/**
 * A subscription has no HTTP request of its own: the bearer token comes in the
 * connection_init payload. Dressing it as a request lets the one AuthGuard
 * check subscriptions exactly as it checks queries.
 */
function wsRequest(args: WsContextArgs): GraphQLContext['req'] {
  const params = args.connectionParams ?? {};
  const authorization = params.authorization ?? params.Authorization;
  const socket = args.extra.request.socket;
  return {
    headers: { authorization: typeof authorization === 'string' ? authorization : '' },
    ip: socket.remoteAddress,
    socket,
  } as unknown as GraphQLContext['req'];
}

function context(args: { req: GraphQLContext['req']; res: GraphQLContext['res'] } | WsContextArgs): GraphQLContext {
  if ('extra' in args && args.extra?.request) return { req: wsRequest(args), loaders: new Map() };
  const http = args as { req: GraphQLContext['req']; res: GraphQLContext['res'] };
  return { req: http.req, res: http.res, loaders: new Map() };
}

/** What graphql-ws hands the hooks for one socket; `expiryTimer` is ours. */
interface SocketContext {
  connectionParams?: Record<string, unknown>;
  extra: { socket: { close(code: number, reason: string): void }; expiryTimer?: NodeJS.Timeout };
}

/** Close code a socket gets when its token expires (graphql-ws leaves 4400–4499 to the server; 4401 as in HTTP). */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

/**
 * Arms a timer that closes the socket when the bearer token's `exp` passes. The token's signature is the guard's
 * to check, on every operation; this only reads when it ends (a token without `exp` is refused by the guard).
 */
function closeAtExpiry(ctx: SocketContext, authorization: string): void {
  const payload = /^Bearer\s+[^.]+\.([^.]+)\./i.exec(authorization)?.[1];
  let exp: unknown;
  try {
    exp = payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp?: unknown }).exp : undefined;
  } catch {
    return;
  }
  if (typeof exp !== 'number') return;
  // setTimeout holds at most ~24.8 days; tokens live hours.
  const ms = Math.min(2 ** 31 - 1, Math.max(0, exp * 1000 - Date.now()));
  ctx.extra.expiryTimer = setTimeout(() => ctx.extra.socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Token expired'), ms);
}

/** The Apollo options for a configuration (exported for tests of the production settings). */
export function graphqlOptions(config: AppConfig, options: GraphQLApiOptions = {}): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth },
    maxAliases: { n: config.graphql.maxAliases },
    costLimit: { maxCost: config.graphql.maxCost },
    // Tokens are counted by Apollo's own parser (parseOptions below): armor's counter throws from a plugin hook, which
    // Apollo answers with a 500, syntax errors included.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    // Field suggestions help developers; in production they leak the schema.
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
  // The socket runs graphql-js directly, not Apollo: it gets the same limits, the same masking, and no introspection in production.
  const wsRules = [
    ...specifiedRules,
    ...(armor.validationRules as ValidationRule[]),
    ...(config.production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  // graphql-js's own parse and validation errors carry no code (Apollo adds one over HTTP): give them the same.
  const masked = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const json = e.toJSON();
      const requestError = !e.originalError && !json.extensions?.code;
      return formatGraphQLError(
        requestError ? { ...json, extensions: { ...json.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } } : json,
        e,
      );
    });
  return {
    path: '/graphql',
    autoSchemaFile: true,
    // The guard runs on field resolvers too: a nested field is refused what its own root query would refuse.
    fieldResolverEnhancers: ['guards'],
    sortSchema: true,
    introspection: !config.production,
    // Never the driver's own GraphiQL page: it loads its code from a CDN. The web app bundles one (/explorer).
    graphiql: false,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // armor's types come from Apollo's ESM build, Nest's from its CJS one: same objects, two declarations.
    // No cache hints are used; the cache-control plugin would otherwise wrap every field's resolver (a 579-row table: ~10% of its CPU).
    plugins: [...armor.plugins, ApolloServerPluginCacheControlDisabled()] as ApolloDriverConfig['plugins'],
    validationRules: armor.validationRules,
    // A syntax error or too many tokens is Apollo's GRAPHQL_PARSE_FAILED, HTTP 400: the client's mistake.
    parseOptions: { maxTokens: config.graphql.maxTokens },
    formatError: formatGraphQLError,
    context,
    ...(options.subscriptions
      ? {
          subscriptions: {
            'graphql-ws': {
              // No token, no socket: a screen learns at once that it must sign in (close code 4403). A socket lives no
              // longer than its token: at the token's expiry it is closed with 4401, and the screen signs in again.
              onConnect: (ctx: SocketContext) => {
                const params = ctx.connectionParams ?? {};
                const authorization = params.authorization ?? params.Authorization;
                if (typeof authorization !== 'string') return false;
                closeAtExpiry(ctx, authorization);
                return true;
              },
              onClose: (ctx: SocketContext) => clearTimeout(ctx.extra.expiryTimer),
              validate: (schema: Parameters<typeof validate>[0], document: Parameters<typeof validate>[1]) =>
                validate(schema, document, wsRules),
              onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => masked(errors),
              onNext: (
                _ctx: unknown,
                _id: string,
                _payload: unknown,
                _args: unknown,
                result: { data?: unknown; errors?: readonly GraphQLError[] },
              ) => (result.errors?.length ? { ...result, errors: masked(result.errors) } : undefined),
            },
          },
        }
      : {}),
  } as ApolloDriverConfig;
}

/**
 * GraphQL over HTTP at /graphql, the same for both APIs: code-first schema,
 * armor limits (depth, aliases, cost, tokens) applied as validation rules so a
 * hostile query is refused before it runs, introspection off in production, no
 * GraphiQL page (the web app's /explorer is the one), errors masked by `formatGraphQLError`.
 */
@Module({})
export class GraphQLApiModule {
  static forRoot(options: GraphQLApiOptions = {}): DynamicModule {
    return {
      module: GraphQLApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => graphqlOptions(config, options),
        }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_PIPE, useClass: TextInputPipe },
      ],
    };
  }
}
