import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header a request id comes in and goes back out in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may send as a request id: short, and only characters safe in a log line, a header and a shell. */
const ACCEPTED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The caller's `X-Request-Id` if it is acceptable, otherwise a new one (a UUID). */
export function requestIdFrom(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && ACCEPTED.test(value) ? value : randomUUID();
}

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs log lines inside the scope with the request id too (set by the logging module once pino is up). */
let logScope: (<T>(requestId: string, fn: () => T) => T) | undefined;

export function setLogScope(run: typeof logScope): void {
  logScope = run;
}

/**
 * Runs `fn` as part of the work of request `requestId`: `currentRequestId()` answers it (an outbox row written
 * meanwhile carries it to the other side) and every log line written meanwhile has it as `requestId`.
 */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  const run = () => scope.run({ requestId }, fn);
  return logScope ? logScope(requestId, run) : run();
}

/** The request id of the work in progress: an HTTP request's, or the one a job carried over from its request. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/**
 * The first middleware of every app: the request's id (the caller's `X-Request-Id`, or a new one) on `req.id` for
 * pino-http, echoed in the answer's `X-Request-Id`, and current for everything the request does.
 */
export function requestIdMiddleware(
  req: { headers: Record<string, unknown>; id?: unknown },
  res: { setHeader(name: string, value: string): unknown },
  next: () => void,
): void {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.id = requestId;
  res.setHeader('X-Request-Id', requestId);
  // The log lines' binding is pino-http's (`requestId` on req.log, which nestjs-pino makes current).
  scope.run({ requestId }, next);
}
