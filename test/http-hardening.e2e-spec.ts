/**
 * HTTP done properly (issue 16, part 5), on real city-api, district-api and sync-worker processes built as main.ts
 * builds them: a client's mistake is a 4xx with a code in a GraphQL-shaped body, never a 500 or a bare page; every
 * route sends the security headers and no X-Powered-By; CORS answers only the configured origins; /health tells an
 * anonymous caller up or down and nothing else.
 */
import { loadConfig } from '@council/core';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { operatorHeaders } from './support/health.js';

let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;

beforeAll(async () => {
  [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([city?.close(), district?.close(), worker?.close()]);
});

interface ErrorBody {
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: ErrorBody | null = null;
  try {
    json = JSON.parse(text) as ErrorBody;
  } catch {
    /* asserted below */
  }
  return { res, text, json };
}

const codeOf = (json: ErrorBody | null) => json?.errors?.[0]?.extensions?.code;

describe('a client’s mistake is a 4xx with a code', () => {
  it.each([
    ['a syntax error', JSON.stringify({ query: '{ me { username ' }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', JSON.stringify({ query: '{ noSuchField }' }), 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['too many tokens', JSON.stringify({ query: `{ ${'me { username } '.repeat(800)} }` }), 400, 'GRAPHQL_PARSE_FAILED'],
    ['invalid JSON', '{"query": "{ me { username } }"', 400, 'BAD_REQUEST'],
    ['a body too large', JSON.stringify({ query: `{ me { username } } # ${'x'.repeat(1_200_000)}` }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s', async (_what, body, status, code) => {
    for (const api of [city, district]) {
      const { res, json, text } = await post(api.graphql, body);
      expect({ status: res.status, code: codeOf(json) }).toEqual({ status, code });
      expect(text).not.toMatch(/at [\w$.]+ \(|node_modules|<html/i);
    }
  });

  it('a wrong content type', async () => {
    for (const api of [city, district]) {
      const { res, json } = await post(api.graphql, 'query={ me { username } }', { 'content-type': 'text/plain' });
      expect({ status: res.status, code: codeOf(json) }).toEqual({ status: 400, code: expect.any(String) });
    }
  });

  it.each(['subscription { __typename }', 'subscription { briefingSummaryUpdated(period: "2024Q1") { period } }'])(
    'a subscription sent over HTTP POST: %s',
    async (query) => {
      const { res, json } = await post(city.graphql, JSON.stringify({ query }));
      expect(res.status).toBe(400);
      expect(codeOf(json)).toEqual(expect.any(String));
      expect(codeOf(json)).not.toBe('INTERNAL_SERVER_ERROR');
    },
  );

  it('a request line past the server’s limit (a long GET)', async () => {
    const res = await fetch(`${city.graphql}?query=${'x'.repeat(20_000)}`);
    expect({ status: res.status, code: codeOf((await res.json()) as ErrorBody) }).toEqual({
      status: 431,
      code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
    });
  });

  it('a route that does not exist', async () => {
    const res = await fetch(`${city.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
  });
});

describe('headers', () => {
  it('every route sends the security headers and no X-Powered-By', async () => {
    for (const url of [city.graphql, district.graphql, `${city.url}/health`, `${worker.url}/health`, `${city.url}/no/such/route`]) {
      const res = await fetch(url, {
        method: url.endsWith('/graphql') ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: url.endsWith('/graphql') ? '{"query":"{ __typename }"}' : undefined,
      });
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP behind the gateway: HSTS is the proxy's to send
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('CORS answers the web app’s origin and no other, null included', async () => {
    const allowed = loadConfig(process.env).corsOrigins[0];
    const preflight = (origin: string) =>
      fetch(city.graphql, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight(allowed)).headers.get('access-control-allow-origin')).toBe(allowed);
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:9999']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('/health', () => {
  it('tells an anonymous caller up or down and nothing else', async () => {
    for (const app of [city, district, worker]) {
      const res = await fetch(`${app.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });

  it('gives the details to an operator’s token only', async () => {
    const res = await fetch(`${worker.url}/health`, { headers: operatorHeaders() });
    const body = (await res.json()) as { info: Record<string, unknown> };
    expect(Object.keys(body.info)).toEqual(expect.arrayContaining(['postgres', 'redis']));
    const wrong = await fetch(`${worker.url}/health`, { headers: { authorization: 'Bearer not-the-operator-token' } });
    expect(await wrong.json()).toEqual({ status: 'ok' });
  });
});

describe('/metrics', () => {
  it('is not there for an anonymous caller', async () => {
    for (const app of [city, worker]) expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
  });

  it('gives the operator request latency per GraphQL operation and the worker’s queues, outbox and reconciliation', async () => {
    await post(
      city.graphql,
      JSON.stringify({ query: 'query CouncilUnitsForMetrics { __typename }', operationName: 'CouncilUnitsForMetrics' }),
    );
    const text = await (await fetch(`${city.url}/metrics`, { headers: operatorHeaders() })).text();
    expect(text).toMatch(
      /council_http_request_duration_seconds_count\{[^}]*route="\/graphql"[^}]*operation="CouncilUnitsForMetrics"[^}]*\} 1/,
    );
    expect(text).toMatch(/council_nodejs_eventloop_lag_seconds\{app="city-api"\}/);
    const workerText = await (await fetch(`${worker.url}/metrics`, { headers: operatorHeaders() })).text();
    expect(workerText).toMatch(/council_queues_waiting\{key="[^"]+",app="sync-worker"\} \d+/);
    expect(workerText).toMatch(/council_queues_failed\{key="[^"]+",app="sync-worker"\} \d+/);
    const health = (await (await fetch(`${worker.url}/health`, { headers: operatorHeaders() })).json()) as {
      info: Record<string, unknown>;
    };
    // Every probe the worker's /health shows with numbers is on /metrics too.
    for (const probe of Object.keys(health.info).filter((k) => !['postgres', 'redis'].includes(k))) {
      expect(workerText).toContain(`council_${probe.replace(/[^a-zA-Z0-9_]/g, '_')}_`);
    }
  });
});
