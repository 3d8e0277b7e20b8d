import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * An API behind the gateway: requests under `prefix` go to `target` with the prefix replaced by the target's own path
 * (none for the APIs: the prefix is taken off).
 */
export interface Upstream {
  prefix: string;
  target: URL;
}

export function upstreamFor(upstreams: readonly Upstream[], path: string): Upstream | undefined {
  return upstreams.find((u) => path === u.prefix || path.startsWith(`${u.prefix}/`));
}

/** Connections to the APIs are kept open between requests: a new one per request costs a round trip each time. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function forwardedHeaders(req: http.IncomingMessage, upstream: Upstream): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  headers.host = upstream.target.host;
  const client = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${String(req.headers['x-forwarded-for'])}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

const upstreamPath = (url: string, upstream: Upstream) =>
  upstream.target.pathname.replace(/\/$/, '') + url.slice(upstream.prefix.length) || '/';

/** Passes one HTTP request through; an upstream that is down answers 502 with a GraphQL-shaped error. */
export function proxyRequest(req: http.IncomingMessage, res: http.ServerResponse, upstream: Upstream): void {
  const out = http.request(
    {
      agent,
      host: upstream.target.hostname,
      port: upstream.target.port,
      method: req.method,
      path: upstreamPath(req.url ?? '/', upstream),
      headers: forwardedHeaders(req, upstream),
    },
    (answer) => {
      const headers = { ...answer.headers };
      for (const h of HOP_BY_HOP) delete headers[h];
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    },
  );
  out.once('error', () => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        errors: [
          {
            message: 'Máy chủ tạm thời không trả lời, vui lòng thử lại',
            extensions: { code: 'SERVICE_UNAVAILABLE', messageEn: 'The server is not answering; try again' },
          },
        ],
      }),
    );
  });
  req.pipe(out);
}

/** Passes a WebSocket upgrade (graphql-ws subscriptions) through as raw bytes once the upstream accepts it. */
export function proxyUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, upstream: Upstream): void {
  const out = net.connect(Number(upstream.target.port), upstream.target.hostname);
  const fail = () => socket.destroy();
  out.once('error', fail);
  socket.once('error', () => out.destroy());
  out.once('connect', () => {
    const headers = { ...req.headers, host: upstream.target.host };
    const lines = [`${req.method} ${upstreamPath(req.url ?? '/', upstream)} HTTP/1.1`];
    for (const [name, value] of Object.entries(headers)) {
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) lines.push(`${name}: ${v}`);
    }
    out.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) out.write(head);
    out.pipe(socket);
    socket.pipe(out);
  });
}
