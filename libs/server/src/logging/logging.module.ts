import type { IncomingMessage, ServerResponse } from 'node:http';

import type { AppConfig, LogLevel } from '@council/core';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Request } from 'express';
import { LoggerModule, type Params, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Level } from 'pino';
import type { Options } from 'pino-http';

import { prettyLine } from './pretty.js';
import { loggableVariables, REDACT_PATHS, REDACTED, secretScrubber } from './redaction.js';
import { requestIdFrom, setLogScope } from './request-id.js';

/** Nest's level names (LOG_LEVEL) as pino's. */
const PINO_LEVEL: Record<LogLevel, Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Routes probed every few seconds (health checks, Prometheus): their lines only at LOG_LEVEL=debug, unless they fail. */
const PROBES = new Set(['/health', '/metrics']);

const LOGGED_USER = Symbol('loggedUser');
type LoggedRequest = Request & { [LOGGED_USER]?: { username: string; role: string } };

/** Who the request line names: the guard tells once it knows (the name and role, never the token). */
export function noteRequestUser(req: unknown, user: { username: string; role: string } | null): void {
  if (req && typeof req === 'object' && user) (req as LoggedRequest)[LOGGED_USER] = { username: user.username, role: user.role };
}

/** The operation a GraphQL request ran: its name, or its first root field for an anonymous one. */
export function graphqlOperation(body: unknown): string | undefined {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string' && operationName) return operationName;
  if (typeof query !== 'string') return undefined;
  const named = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(query)?.[1];
  return named ?? /\{\s*(?:[_A-Za-z]\w*\s*:\s*)?([_A-Za-z]\w*)/.exec(query)?.[1];
}

/** A request's GraphQL variables, until a written line shows them as `loggableVariables` allows. */
class GraphQLVariables {
  constructor(readonly body: { query?: unknown; variables?: unknown }) {}
}

/** The path a request asked for, without its query string (which may carry anything). */
const routeOf = (req: IncomingMessage): string => ((req as LoggedRequest).originalUrl ?? req.url ?? '').split('?')[0];

/** The one line of a request: what was asked, by whom, how it ended, how long it took. */
function requestLine(req: LoggedRequest, res: ServerResponse, responseTime: number): Record<string, unknown> {
  const route = routeOf(req);
  const graphql = route === '/graphql' && req.body && typeof req.body === 'object';
  return {
    method: req.method,
    route,
    ...(graphql ? { operation: graphqlOperation(req.body) } : {}),
    status: res.statusCode,
    durationMs: responseTime,
    ...(req[LOGGED_USER] ? { user: req[LOGGED_USER].username, role: req[LOGGED_USER].role } : {}),
    headers: req.headers,
    // Shown through the `variables` serializer, which pino runs only for a line it writes.
    ...(graphql ? { variables: new GraphQLVariables(req.body as { query?: unknown; variables?: unknown }) } : {}),
  };
}

/** The line's message: `POST /graphql Submit → 200 in 12 ms`. */
const summary = (req: IncomingMessage, res: ServerResponse, ms?: number): string => {
  const route = routeOf(req);
  const operation = route === '/graphql' ? graphqlOperation((req as LoggedRequest).body) : undefined;
  return `${req.method} ${route}${operation ? ` ${operation}` : ''} → ${res.statusCode}${ms === undefined ? '' : ` in ${ms} ms`}`;
};

/** Where lines go: stdout, as JSON or as a short line for a person; the configured secrets never, whatever the line. */
export function logDestination(config: AppConfig, write: (text: string) => void = (t) => process.stdout.write(t)): DestinationStream {
  const scrub = secretScrubber(config);
  const format = config.logFormat === 'pretty' ? prettyLine : (line: string) => line;
  return { write: (line: string) => write(format(scrub(line))) };
}

/** The pino and pino-http options of an app (exported for the redaction tests). */
export function pinoOptions(app: string, config: AppConfig): Options<IncomingMessage, ServerResponse> {
  return {
    level: PINO_LEVEL[config.logLevel],
    base: { app, pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      variables: (v: unknown) =>
        v instanceof GraphQLVariables ? loggableVariables(v.body.query, v.body.variables) : loggableVariables('', v),
    },
    // Lines written while a request runs carry only its id; the request itself is described once, in its own line.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    // requestIdMiddleware ran first and set it; this is for a route mounted before it.
    genReqId: (req) => (req as { id?: string }).id ?? requestIdFrom(req.headers['x-request-id']),
    // A client's mistake (4xx) is the client's: an ordinary line. Only the server's failures are errors.
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      return PROBES.has(routeOf(req)) && res.statusCode < 400 ? 'debug' : 'info';
    },
    customSuccessMessage: summary,
    customErrorMessage: (req, res) => summary(req, res),
    customSuccessObject: (req, res, value) => requestLine(req as LoggedRequest, res, (value as { durationMs: number }).durationMs),
    customErrorObject: (req, res, err, value) => ({
      ...requestLine(req as LoggedRequest, res, (value as { durationMs: number }).durationMs),
      err,
    }),
  };
}

/**
 * Structured logs for an app (nestjs-pino): every line JSON (or a short line, LOG_FORMAT=pretty) with the app's name,
 * one line per HTTP request, and the request's id on every line written for it — in the API that took it and, carried
 * by the outbox and the job, in the sync worker that applies it. Credentials are redacted (see redaction.ts).
 */
@Module({})
export class LoggingModule {
  static forApp(app: string, config: AppConfig, destination: DestinationStream = logDestination(config)): DynamicModule {
    const params: Params = { pinoHttp: [pinoOptions(app, config), destination] };
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(params)],
      providers: [
        {
          // Work done outside a request (a job carrying a request's id) logs through a context of its own.
          provide: 'LOG_SCOPE',
          inject: [PinoLogger],
          useFactory: (pino: PinoLogger) => {
            setLogScope((requestId, fn) => pino.runInContext(fn, { bindings: { requestId } }));
            return pino;
          },
        },
      ],
    };
  }
}
