import { DomainError, ERROR_CODES, isDomainError } from '@council/core';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

const HTTP_STATUS: Record<keyof typeof ERROR_CODES, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PERIOD_CLOSED: 409,
};

/** An HTTP status from outside the domain (Nest's own HttpExceptions) as the code GraphQL would give it. */
const CODE_OF_STATUS: Record<number, string> = {
  400: ERROR_CODES.INVALID_INPUT,
  401: ERROR_CODES.UNAUTHENTICATED,
  403: ERROR_CODES.FORBIDDEN,
  404: ERROR_CODES.NOT_FOUND,
  409: ERROR_CODES.CONFLICT,
  429: ERROR_CODES.RATE_LIMITED,
};

const INTERNAL = {
  code: 'INTERNAL_SERVER_ERROR',
  message: 'Lỗi hệ thống, vui lòng thử lại sau',
  messageEn: 'Internal error; please try again later',
};

const log = new Logger('HTTP');

/**
 * Writes an error of a plain HTTP route as JSON. A route that answers with a
 * file (an XLSX download) may already have set its own content type and
 * disposition before failing: those are replaced, so an error never arrives
 * dressed as a download.
 */
function sendJson(res: Response, status: number, body: Record<string, unknown>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.removeHeader('Content-Disposition');
  res.removeHeader('Content-Length');
  res.status(status).type('application/json; charset=utf-8').json(body);
}

/** A domain error as an HTTP answer: the same code, message and details GraphQL gives it. */
function sendDomainError(res: Response, error: DomainError): void {
  if (typeof error.details.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
  sendJson(res, HTTP_STATUS[error.kind], {
    ...error.details,
    message: error.message,
    code: ERROR_CODES[error.kind],
    messageEn: error.messageEn,
  });
}

/**
 * Domain errors are answers, not faults: hand them to GraphQL's formatter
 * untouched (Nest would otherwise log each one with a stack), and give plain
 * HTTP routes the same code as JSON.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return error;
    sendDomainError(host.switchToHttp().getResponse<Response>(), error);
    return undefined;
  }
}

/**
 * For plain HTTP routes of the APIs (downloads): every error, not only domain
 * ones, becomes JSON with a GraphQL-style `code` — Nest's own HttpExceptions
 * by their status, anything else logged here and shown as a bare
 * INTERNAL_SERVER_ERROR, never a stack or SQL. Apply it with
 * `@UseFilters(HttpErrorFilter)` on the controller; it is not global, so
 * GraphQL and /health keep their own handling.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    if (isDomainError(error)) {
      sendDomainError(res, error);
      return undefined;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const response = error.getResponse();
      // A route's own refusal that names its code (an upload too large: 413 WORKBOOK_TOO_LARGE) goes out as it is.
      if (typeof response === 'object' && typeof (response as { code?: unknown }).code === 'string') {
        sendJson(res, status, { ...(response as Record<string, unknown>) });
        return undefined;
      }
      const message =
        typeof response === 'string'
          ? response
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : error.message;
      sendJson(res, status, { message, code: CODE_OF_STATUS[status] ?? ERROR_CODES.INVALID_INPUT });
      return undefined;
    }
    const req = host.switchToHttp().getRequest<{ method?: string; originalUrl?: string }>();
    log.error(`${req.method ?? ''} ${req.originalUrl ?? ''}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    sendJson(res, 500, { ...INTERNAL });
    return undefined;
  }
}
