import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { AppConfig } from '@council/core';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

/**
 * The largest request body an API reads. A report at its limits (200 values, three narratives of 20,000 characters,
 * mostly 2–3 bytes each in UTF-8) is under 200 KB; anything far past that is a mistake or an attack.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

interface ClientError {
  status: number;
  code: string;
  message: string;
  messageEn: string;
}

/** body-parser's failures, told apart by its `type`, as the client should read them. */
function parserError(error: { type?: string; status?: number }): ClientError {
  switch (error.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `Yêu cầu quá lớn (tối đa ${MAX_BODY_BYTES / 1024} KB)`,
        messageEn: `Request too large (at most ${MAX_BODY_BYTES / 1024} KB)`,
      };
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'Nội dung yêu cầu không phải JSON hợp lệ',
        messageEn: 'The request body is not valid JSON',
      };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Bảng mã không được hỗ trợ',
        messageEn: 'Unsupported charset or encoding',
      };
    default:
      return { status: 400, code: 'BAD_REQUEST', message: 'Yêu cầu không hợp lệ', messageEn: 'Bad request' };
  }
}

/**
 * A client error in the shape its caller reads: a GraphQL client gets `errors[].extensions.code` on /graphql, any other
 * route the `{ message, code }` body the REST endpoints send.
 */
export function sendClientError(req: Request, res: Response, error: ClientError): void {
  const body =
    req.path === '/graphql'
      ? { errors: [{ message: error.message, extensions: { code: error.code, messageEn: error.messageEn } }] }
      : { message: error.message, messageEn: error.messageEn, code: error.code };
  res.status(error.status).type('application/json; charset=utf-8').json(body);
}

/** TRUST_PROXY as Express reads it: a hop count is a number, anything else a list of names or addresses. */
function trustProxyValue(value: string): number | string[] {
  return /^\d+$/.test(value) ? Number(value) : value.split(',').map((v) => v.trim());
}

/**
 * What every app's HTTP layer does before Nest's routes: security headers (helmet; the APIs serve only JSON, so a CSP
 * that allows nothing and no framing), no X-Powered-By, CORS for the configured origins only, and a JSON body parser
 * whose refusals (too large, not JSON) are 4xx answers with a code rather than Nest's bare 400 or an HTML page.
 * The app must be created with `bodyParser: false`: this parser replaces Nest's.
 */
export function hardenHttp(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  // Behind the gateway or nginx every request comes from the proxy: its X-Forwarded-For names the client, whose
  // address the sign-in limits count. Only the configured proxies are believed.
  server.set('trust proxy', trustProxyValue(config.trustProxy));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
      },
      // Plain HTTP behind the gateway or nginx: HSTS is for the proxy that terminates TLS to send.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.useGlobalFilters(new HttpClientErrorFilter());
  const json = express.json({ limit: MAX_BODY_BYTES });
  app.use((req: Request, res: Response, next: NextFunction) =>
    json(req, res, (error?: unknown) => (error ? sendClientError(req, res, parserError(error as { type?: string })) : next())),
  );
  // A request line or headers past Node's limit (16 KB: a long GET query) are refused by its parser before Express
  // sees them, with an empty body: answered in the same JSON shape instead.
  (app.getHttpServer() as Server).on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const tooLong = error.code === 'HPE_HEADER_OVERFLOW';
    const [status, code] = tooLong ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE'] : [400, 'BAD_REQUEST'];
    const [message, messageEn] = tooLong
      ? ['Địa chỉ hoặc tiêu đề yêu cầu quá dài', 'Request line or headers too long']
      : ['Yêu cầu không hợp lệ', 'Bad request'];
    const body = JSON.stringify({ errors: [{ message, extensions: { code, messageEn } }] });
    socket.end(
      `HTTP/1.1 ${status} ${tooLong ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

const CODE_OF_STATUS: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Nest's own 4xx answers on HTTP routes (an unknown route, a wrong method) with a code and Vietnamese first, like every
 * other error; GraphQL's are left to the GraphQL layer, and 5xx to Nest's handler, which shows nothing internal.
 */
@Catch(HttpException)
export class HttpClientErrorFilter implements ExceptionFilter {
  catch(error: HttpException, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http' || error.getStatus() >= 500) return error;
    const status = error.getStatus();
    const http = host.switchToHttp();
    const notFound = status === 404;
    sendClientError(http.getRequest<Request>(), http.getResponse<Response>(), {
      status,
      code: CODE_OF_STATUS[status] ?? 'BAD_REQUEST',
      message: notFound ? 'Không có địa chỉ này' : 'Yêu cầu không hợp lệ',
      messageEn: notFound ? 'No such address' : error.message,
    });
    return undefined;
  }
}
