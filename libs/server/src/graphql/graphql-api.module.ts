import type { IncomingMessage } from 'node:http';

import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { AppConfig } from '@council/core';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { execute, GraphQLError, NoSchemaIntrospectionCustomRule, specifiedRules, subscribe, validate, type ValidationRule } from 'graphql';

import { APP_CONFIG } from '../app-config.module.js';
import { DomainErrorFilter } from './domain-error.filter.js';
import { formatGraphQLError } from './format-error.js';
import type { GraphQLContext } from './graphql-context.js';
import { refuseSubscriptionsOverHttp } from './http-subscriptions.js';
import { CALLER_ROLE, type CallerRole, queryLimitsPlugin, sizeRefusal, withCostLimit } from './query-limits.js';
import { SESSION_ENDED_CLOSE_CODE, SessionSockets } from './session-sockets.js';
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

/** What graphql-ws hands the hooks for one socket; `expiryTimer` and `username` are ours. */
interface SocketContext {
  connectionParams?: Record<string, unknown>;
  extra: { socket: { close(code: number, reason: string): void }; expiryTimer?: NodeJS.Timeout; username?: string };
}

/** Close code a socket gets when its token expires (graphql-ws leaves 4400–4499 to the server; 4401 as in HTTP). */
export const TOKEN_EXPIRED_CLOSE_CODE = SESSION_ENDED_CLOSE_CODE;

/**
 * Arms a timer that closes the socket when the bearer token's `exp` passes, and files it under the token's user so
 * that an administrator's change to the account closes it too (`SessionSockets`). The token's signature is the
 * guard's to check, on every operation; this only reads whose it says it is and when it ends (a token without `exp`
 * is refused by the guard; a forged one only gets its own socket closed early).
 */
function watchSocket(ctx: SocketContext, authorization: string, sockets?: SessionSockets): void {
  const payload = /^Bearer\s+[^.]+\.([^.]+)\./i.exec(authorization)?.[1];
  let claims: { exp?: unknown; usr?: unknown } | undefined;
  try {
    claims = payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString()) as typeof claims) : undefined;
  } catch {
    return;
  }
  if (typeof claims?.usr === 'string' && sockets) {
    ctx.extra.username = claims.usr;
    sockets.add(claims.usr, ctx.extra.socket);
  }
  const exp = claims?.exp;
  if (typeof exp !== 'number') return;
  // setTimeout holds at most ~24.8 days; tokens live minutes.
  const ms = Math.min(2 ** 31 - 1, Math.max(0, exp * 1000 - Date.now()));
  ctx.extra.expiryTimer = setTimeout(() => ctx.extra.socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Token expired'), ms);
}

/** The Apollo options for a configuration (exported for tests of the production settings). */
export function graphqlOptions(
  config: AppConfig,
  options: GraphQLApiOptions = {},
  callerRole?: CallerRole,
  sockets?: SessionSockets,
): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth },
    maxAliases: { n: config.graphql.maxAliases },
    // Cost is reckoned in rows, per role, by queryLimitsPlugin / withCostLimit (query-limits.ts), not by armor's field count.
    costLimit: { enabled: false },
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
    plugins: [
      ...armor.plugins,
      refuseSubscriptionsOverHttp,
      queryLimitsPlugin(config, callerRole),
      ApolloServerPluginCacheControlDisabled(),
    ] as ApolloDriverConfig['plugins'],
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
              // longer than its token, nor than its user's account as it was: at the token's expiry, or when an
              // administrator disables or changes the user, it is closed with 4401 and the screen renews its token.
              onConnect: (ctx: SocketContext) => {
                const params = ctx.connectionParams ?? {};
                const authorization = params.authorization ?? params.Authorization;
                if (typeof authorization !== 'string') return false;
                watchSocket(ctx, authorization, sockets);
                return true;
              },
              onClose: (ctx: SocketContext) => {
                clearTimeout(ctx.extra.expiryTimer);
                if (ctx.extra.username) sockets?.remove(ctx.extra.username, ctx.extra.socket);
              },
              validate: (schema: Parameters<typeof validate>[0], document: Parameters<typeof validate>[1]) =>
                validate(schema, document, wsRules),
              execute: withCostLimit(config, callerRole, execute),
              subscribe: withCostLimit(config, callerRole, subscribe),
              onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => masked(errors),
              onNext: (
                _ctx: unknown,
                _id: string,
                _payload: unknown,
                _args: unknown,
                result: { data?: unknown; errors?: readonly GraphQLError[] },
              ) => {
                const tooLarge = sizeRefusal(config, result.data);
                if (tooLarge) return { errors: masked([tooLarge]) };
                return result.errors?.length ? { ...result, errors: masked(result.errors) } : undefined;
              },
            },
          },
        }
      : {}),
  } as ApolloDriverConfig;
}

/**
 * GraphQL over HTTP at /graphql, the same for both APIs: code-first schema,
 * armor limits (depth, aliases, tokens) applied as validation rules and a cost
 * budget per role (query-limits.ts) so a hostile query is refused before it runs, introspection off in production, no
 * GraphiQL page (the web app's /explorer is the one), errors masked by `formatGraphQLError`.
 */
@Module({})
export class GraphQLApiModule {
  static forRoot(options: GraphQLApiOptions = {}): DynamicModule {
    // One per app: the auth lib closes a user's sockets through it.
    const sockets = new SessionSockets();
    return {
      module: GraphQLApiModule,
      global: true,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [APP_CONFIG, { token: CALLER_ROLE, optional: true }],
          useFactory: (config: AppConfig, callerRole?: CallerRole) => graphqlOptions(config, options, callerRole, sockets),
        }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_PIPE, useClass: TextInputPipe },
        { provide: SessionSockets, useValue: sockets },
      ],
      exports: [SessionSockets],
    };
  }
}
