// A closed-loop load generator (node:http, keep-alive: see http-client.mjs).
import { performance } from 'node:perf_hooks';

import { postJson } from './http-client.mjs';

/** POSTs a GraphQL operation; resolves with { ms, error?, detail?, data? } and never throws. */
export async function timedGraphQL(endpoint, token, query, variables) {
  const started = performance.now();
  try {
    const res = await postJson(endpoint, { query, variables }, { authorization: `Bearer ${token}` });
    const body = JSON.parse(res.text);
    const ms = performance.now() - started;
    if (body.errors?.length) {
      const code = body.errors[0].extensions?.code ?? `HTTP_${res.status}`;
      return { ms, error: code, detail: `${code}: ${body.errors[0].message}` };
    }
    if (res.status !== 200) return { ms, error: `HTTP_${res.status}`, detail: `HTTP ${res.status}` };
    return { ms, data: body.data };
  } catch (err) {
    return { ms: performance.now() - started, error: 'NETWORK', detail: String(err?.cause?.code ?? err?.message ?? err) };
  }
}

/**
 * `clients` workers, each sending its next request as soon as the previous
 * answer arrived, until `next()` returns null or `untilMs` has passed.
 * Returns the samples and the wall time.
 */
export async function closedLoop({ clients, next, untilMs = Infinity }) {
  const samples = [];
  const started = performance.now();
  const deadline = started + untilMs;
  const worker = async () => {
    for (;;) {
      if (performance.now() >= deadline) return;
      const task = next();
      if (!task) return;
      samples.push(await task());
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { samples, wallMs: performance.now() - started };
}
