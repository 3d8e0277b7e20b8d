import http from 'node:http';
import { resolve } from 'node:path';

import { contentSecurityPolicy, newNonce, NONCE_PLACEHOLDER, PAGE_SECURITY_HEADERS } from './content-security-policy.js';
import { type StaticFile, StaticFiles } from './static-files.js';
import { proxyRequest, proxyUpgrade, type Upstream, upstreamFor } from './upstream-proxy.js';

export interface WebGatewayOptions {
  /** The built app (apps/web's Vite output). */
  webRoot: string;
  cityApi: URL;
  districtApi: URL;
}

/** Where the pages find the two APIs; nginx (docker/nginx.conf) routes the same prefixes. */
export const API_PREFIXES = Object.freeze({ city: '/api/city', district: '/api/district' });

/** The queue dashboard (bull-board) on city-api, at the same path there (libs/messaging/src/queue-dashboard.ts). */
export const QUEUE_DASHBOARD_PREFIX = '/admin/queues';

const acceptsGzip = (req: http.IncomingMessage) => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

function send(req: http.IncomingMessage, res: http.ServerResponse, file: StaticFile, headers: http.OutgoingHttpHeaders): void {
  const gzip = file.gzipped && acceptsGzip(req);
  const body = gzip ? file.gzipped! : file.body;
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': body.length,
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The one address a person opens: the built pages, with a fresh CSP nonce stamped into each index.html, and both
 * GraphQL APIs (HTTP and graphql-ws) under /api/city and /api/district, and city-api's queue dashboard. Every path that is not a file or an API is a
 * route of the single-page app, so a reload or a shared link lands on the same page.
 */
export function createWebGateway(options: WebGatewayOptions): http.Server {
  const files = new StaticFiles(resolve(options.webRoot));
  const upstreams: Upstream[] = [
    { prefix: API_PREFIXES.city, target: options.cityApi },
    { prefix: API_PREFIXES.district, target: options.districtApi },
    // Its pages carry city-api's own CSP for them, not the app's.
    { prefix: QUEUE_DASHBOARD_PREFIX, target: new URL(QUEUE_DASHBOARD_PREFIX, options.cityApi) },
  ];

  const page = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const index = files.file('/index.html');
    if (!index) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Chưa xây dựng giao diện / the pages are not built: npm run build\n');
    }
    const nonce = newNonce();
    const html = index.body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce);
    send(
      req,
      res,
      { body: Buffer.from(html), type: index.type, immutable: false },
      {
        'content-security-policy': contentSecurityPolicy(nonce),
        'cache-control': 'no-store',
        ...PAGE_SECURITY_HEADERS,
      },
    );
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const upstream = upstreamFor(upstreams, path);
    if (upstream) return proxyRequest(req, res, upstream);
    if (path === '/health') {
      res.writeHead(files.available ? 200 : 503, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: files.available ? 'ok' : 'error' }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return void res.end();
    }
    const file = path === '/' || path === '/index.html' ? null : files.file(path);
    if (file) {
      return send(req, res, file, {
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
    }
    // A missing asset is a 404, not the app: a stale tab asking for last build's chunk must learn it is gone.
    if (path.startsWith('/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Not found\n');
    }
    page(req, res);
  });
  server.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) => {
    const upstream = upstreamFor(upstreams, (req.url ?? '/').split('?')[0]);
    if (upstream) proxyUpgrade(req, socket, head, upstream);
    else socket.destroy();
  });
  return server;
}
