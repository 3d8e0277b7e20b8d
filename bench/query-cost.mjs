#!/usr/bin/env node
// The cost model (issue 16, part 2): the audit's three heavy queries, each refused or answered in < 200 ms.
//
//   node bench/query-cost.mjs [--runs 20] [--unguarded] [--skip-build]
//
// Hanoi database with the demo year of reports (`prepare --demo`: figures in statistics, reports with versions);
// city-api and district-api as child processes (bench/lib/sync-harness.mjs), as configured by default. Sends, one at a
// time, --runs times each after two warm-ups: a trivial query (the baseline, `{ me { username } }` as the viewer), the
// viewer's 15 aliases × councilUnits → children × 3, city staff's statistics of every metric × 40 quarters × every
// commune, city staff's reports with their versions (bench/lib/audit-queries.mjs, the queries test/query-cost checks).
// Prints for each: refused (code) or answered, latency p50/p95, answer bytes. --unguarded starts the apps with budgets
// and the size cap out of reach: what the same queries cost without the model (the audit's figures; slow — use
// --runs 3).
import { HUGE_STATISTICS, REPORTS_WITH_VERSIONS, VIEWER_TREE } from './lib/audit-queries.mjs';
import { postJson } from './lib/http-client.mjs';
import { intArg, login, ms, parseArgs, runBench, summarize, table, writeResults } from './lib/sync-harness.mjs';

const TARGET_MS = 200;
const UNGUARDED = {
  GRAPHQL_BUDGET_VIEWER: '1000000000000',
  GRAPHQL_BUDGET_WARD: '1000000000000',
  GRAPHQL_BUDGET_DISTRICT: '1000000000000',
  GRAPHQL_BUDGET_CITY: '1000000000000',
  GRAPHQL_MAX_RESPONSE_BYTES: '1000000000',
};

runBench('query-cost', async (session) => {
  const args = parseArgs();
  const runs = intArg(args, 'runs', 20);
  const unguarded = Boolean(args.unguarded);
  await session.setup({ units: 'hanoi', demo: true, skipBuild: Boolean(args['skip-build']) });
  const env = unguarded ? UNGUARDED : {};
  const [city, district] = await Promise.all([session.startApp('city-api', { env }), session.startApp('district-api', { env })]);
  const viewer = await login(city.graphql, 'viewer');
  const staffCity = await login(city.graphql, 'city');
  const staffDistrict = await login(district.graphql, 'city');

  const cases = [
    { name: 'baseline: { me } (viewer)', endpoint: city.graphql, token: viewer, body: { query: '{ me { username } }' } },
    { name: 'viewer: 15 × councilUnits → children × 3', endpoint: city.graphql, token: viewer, body: { query: VIEWER_TREE } },
    {
      name: 'city staff: statistics, 40 quarters × all metrics × communes',
      endpoint: city.graphql,
      token: staffCity,
      body: HUGE_STATISTICS,
    },
    { name: 'city staff: reports with versions', endpoint: district.graphql, token: staffDistrict, body: { query: REPORTS_WITH_VERSIONS } },
  ];

  const results = [];
  for (const c of cases) {
    const latencies = [];
    let last;
    for (let i = 0; i < runs + 2; i++) {
      const started = performance.now();
      const res = await postJson(c.endpoint, c.body, { authorization: `Bearer ${c.token}` });
      const elapsed = performance.now() - started;
      if (i >= 2) latencies.push(elapsed); // the first two warm up
      last = res;
    }
    const body = JSON.parse(last.text);
    const error = body.errors?.[0];
    results.push({
      name: c.name,
      outcome: error ? `refused ${error.extensions?.code ?? last.status}` : 'answered',
      status: last.status,
      bytes: Buffer.byteLength(last.text),
      latency: summarize(latencies),
      message: error?.message ?? null,
      cost: error?.extensions?.cost ?? null,
    });
  }

  const mode = unguarded ? 'unguarded (budgets and size cap out of reach)' : 'as configured (default budgets, 5 MB cap)';
  console.log(`\nQuery cost — the audit's heavy queries, ${runs} runs each, one at a time; apps ${mode}\n`);
  console.log(
    table(
      ['query', 'outcome', 'p50', 'p95', 'answer bytes'],
      results.map((r) => [r.name, r.outcome, ms(r.latency.p50), ms(r.latency.p95), r.bytes.toLocaleString('en-US')]),
    ),
  );
  for (const r of results) if (r.message) console.log(`\n${r.name}:\n  ${r.message}`);
  const heavy = results.slice(1);
  const met = heavy.every((r) => r.outcome !== 'answered' || r.latency.p95 < TARGET_MS);
  console.log(`\ntarget: each refused, or answered with p95 < ${TARGET_MS} ms: ${met ? 'MET' : 'NOT met'}`);
  const file = writeResults('query-cost', { runs, unguarded, targetMs: TARGET_MS, met, results });
  console.log(`results: ${file}`);
  return 0;
});
