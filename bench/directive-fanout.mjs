#!/usr/bin/env node
// issueDirective → all assignments visible on the district side (issue #5): target p95 < 1 s.
//
//   node bench/directive-fanout.mjs [--directives 20] [--skip-build]
//
// Hanoi database; district-api, city-api and one sync-worker as child processes (bench/lib/sync-harness.mjs).
// The `city` user issues a directive to all 30 districts with cascadeToWards (30 + 404 = 434 assignments),
// one after another; for each, the time from the issueDirective answer to all 434 assignments being readable
// on the district side (polling district.assignment every 5 ms), and, beside it, to the city's own view
// (city.assignment_view) holding them too. Baseline measured in the same run: the issueDirective round trip itself.
import pg from 'pg';

import { gql, intArg, login, ms, parseArgs, runBench, sleep, summarize, table, writeResults } from './lib/sync-harness.mjs';

const EXPECTED = 434;

runBench('directive-fanout', async (session) => {
  const args = parseArgs();
  const count = intArg(args, 'directives', 20);
  await session.setup({ units: 'hanoi', skipBuild: Boolean(args['skip-build']) });
  const db = new pg.Pool({ connectionString: session.databaseUrl, max: 2, application_name: 'bench-directive-fanout' });
  session.onCleanup(() => db.end());
  await session.startApp('district-api');
  const city = await session.startApp('city-api');
  await session.startApp('sync-worker');
  const token = await login(city.graphql, 'city');
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const issue = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`;

  const wait = async (sql, id, timeoutMs = 30_000) => {
    const started = Date.now();
    for (;;) {
      const { rows } = await db.query(sql, [id]);
      if (rows[0].n >= EXPECTED) return Date.now();
      if (Date.now() - started > timeoutMs) throw new Error(`directive ${id}: only ${rows[0].n} of ${EXPECTED} after ${timeoutMs} ms`);
      await sleep(5);
    }
  };

  const rows = [];
  for (let i = 0; i < count + 2; i++) {
    const sent = Date.now();
    const data = await gql(
      city.graphql,
      issue,
      { i: { title: `Chỉ đạo thử ${i + 1}`, body: 'Rà soát nhiệm vụ, báo cáo kết quả.', cascadeToWards: true, dueDate: due } },
      token,
    );
    const answered = Date.now();
    const id = data.issueDirective.id;
    const district = await wait(`SELECT count(*)::int AS n FROM district.assignment WHERE directive_id = $1`, id);
    const cityView = await wait(`SELECT count(*)::int AS n FROM city.assignment_view WHERE directive_id = $1`, id);
    if (i >= 2) rows.push({ issue: answered - sent, district: district - answered, city: cityView - answered }); // the first two warm up
  }
  const s = (k) => summarize(rows.map((r) => r[k]));
  const issueS = s('issue'),
    districtS = s('district'),
    cityS = s('city');
  console.log(`\nDirective fan-out — ${count} directives to 30 districts with cascade (${EXPECTED} assignments each), one at a time\n`);
  console.log(
    table(
      ['measure', 'p50', 'p95', 'max'],
      [
        ['issueDirective round trip (baseline)', ms(issueS.p50), ms(issueS.p95), ms(issueS.max)],
        ['answer → all 434 assignments on the district side', ms(districtS.p50), ms(districtS.p95), ms(districtS.max)],
        ['answer → all 434 in the city’s view', ms(cityS.p50), ms(cityS.p95), ms(cityS.max)],
      ],
    ),
  );
  console.log(`target p95 < 1 s (district side): ${districtS.p95 < 1000 ? 'MET' : 'NOT met'} (${ms(districtS.p95)})`);
  writeResults('directive-fanout', { count, expected: EXPECTED, issue: issueS, district: districtS, city: cityS });
  return 0;
});
