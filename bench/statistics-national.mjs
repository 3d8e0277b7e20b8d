#!/usr/bin/env node
// Statistics at national scale (issue #4, bench (b)): a database prepared with --units vietnam (63 provinces as
// CITY-level roots, 704 districts, 10,472 communes = 11,239 units), loaded by SQL with 12 quarters (2022Q1..2024Q4)
// of 20-metric reports from every unit that has a council in the quarter, the city side built by SQL exactly as
// the consumer would leave it (checked: zero drift by reconciliation.js). Then city-api is started and three
// queries are timed over HTTP, each beside the same answer computed by a plain SQL GROUP BY over the raw report
// values (latest versions, grouped through hierarchy.council_unit), timed in the same run, answers compared.
// Targets: p95 < 20 ms per HTTP query, and faster than the plain GROUP BY.
//
//   node bench/statistics-national.mjs [--reps 200] [--sql-reps 40] [--warmup 20] [--skip-build] [--reconcile js|sql|both]
//
// --reconcile js (default): expectedFromDistrict/cityRollups/driftBetween from dist/…/reconciliation.js, the code
// the worker's scheduled job runs (~45 s and ~1.5 GB of heap at this size); sql: the same check as one FULL JOIN.
//
// Own database (council_bench_<hex>), dropped at the end, also on Ctrl-C.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import {
  Fatal, gitInfo, gql, intArg, login, machineInfo, ms, parseArgs, runBench, summarize, table, writeResults,
} from './lib/sync-harness.mjs';
import { reconcile } from './lib/sync-figures.mjs';
import { loadNational, RECONCILE_SQL, QUARTERS } from './lib/statistics-load.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');

const TARGET_P95_MS = 20;
const YEAR = '2024';
const YEAR_QUARTERS = ['2024Q1', '2024Q2', '2024Q3', '2024Q4'];

const STATISTICS = `query($q: StatisticsQuery!) { statistics(query: $q) { asOf rows { level unit { code name } period value } } }`;

/**
 * The three queries. `plain` is the same answer from the raw values: district.report_value of each report's
 * latest version (report.version), reports that count (SUBMITTED/ACCEPTED), grouped through the unit's row in
 * hierarchy.council_unit (its version valid today, as city-api's unit lists are). `rollup` is the SQL city-api
 * runs (to split its time into SQL and the rest).
 */
const QUERIES = [
  {
    id: 'province-by-district-quarter',
    label: '01 by district, 2024Q1',
    vars: { scope: '01', groupBy: ['UNIT'], unitLevel: 'DISTRICT', periods: ['2024Q1'] },
    key: (r) => r.unit.code,
    plain: `SELECT CASE u.level WHEN 'DISTRICT' THEN u.code ELSE u.parent_code END AS k, sum(rv.value)::bigint AS v
              FROM district.report r
              JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              JOIN hierarchy.council_unit u ON u.code = r.unit_code AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
             WHERE r.period = ANY($1) AND r.status IN ('SUBMITTED', 'ACCEPTED') AND rv.metric_code = ANY($2)
               AND u.root_code = '01' AND u.level IN ('DISTRICT', 'WARD')
             GROUP BY 1`,
    periods: ['2024Q1'],
    scopes: `SELECT code FROM hierarchy.council_unit WHERE level = 'DISTRICT' AND root_code = '01' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date)`,
    rollupGroup: 'scope_code',
    rollupPeriods: ['2024Q1'],
  },
  {
    id: 'province-by-level-year',
    label: '01 by level, 2024',
    vars: { scope: '01', groupBy: ['LEVEL'], periods: [YEAR] },
    key: (r) => r.level,
    plain: `SELECT u.level::text AS k, sum(rv.value)::bigint AS v
              FROM district.report r
              JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              JOIN hierarchy.council_unit u ON u.code = r.unit_code AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
             WHERE r.period = ANY($1) AND r.status IN ('SUBMITTED', 'ACCEPTED') AND rv.metric_code = ANY($2) AND u.root_code = '01'
             GROUP BY 1`,
    periods: YEAR_QUARTERS,
    scopes: `SELECT '01' AS code`,
    rollupGroup: 'level',
    rollupPeriods: [YEAR],
  },
  {
    id: 'nation-by-province-year',
    label: 'VN by province, 2024',
    vars: { scope: 'VN', groupBy: ['UNIT'], unitLevel: 'CITY', periods: [YEAR] },
    key: (r) => r.unit.code,
    plain: `SELECT u.root_code AS k, sum(rv.value)::bigint AS v
              FROM district.report r
              JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              JOIN hierarchy.council_unit u ON u.code = r.unit_code AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
             WHERE r.period = ANY($1) AND r.status IN ('SUBMITTED', 'ACCEPTED') AND rv.metric_code = ANY($2)
             GROUP BY 1`,
    periods: YEAR_QUARTERS,
    scopes: `SELECT code FROM hierarchy.council_unit WHERE level = 'CITY' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date)`,
    rollupGroup: 'scope_code',
    rollupPeriods: [YEAR],
  },
];

runBench('statistics-national', async (session) => {
  const args = parseArgs();
  const reps = intArg(args, 'reps', 200);
  const sqlReps = intArg(args, 'sql-reps', 40);
  const warmup = intArg(args, 'warmup', 20, 0);
  const reconcileMode = args.reconcile ?? 'js';
  if (!['js', 'sql', 'both'].includes(reconcileMode)) throw new Fatal('--reconcile must be js, sql or both');
  const log = session.log;

  await session.setup({ units: 'vietnam', skipBuild: Boolean(args['skip-build']) });
  const db = new pg.Pool({ connectionString: session.databaseUrl, max: 2, application_name: 'bench-statistics' });
  session.onCleanup(() => db.end());

  // --- load
  const { rows: unitCounts } = await db.query(`SELECT level::text AS level, count(*)::int AS n FROM hierarchy.council_unit GROUP BY 1 ORDER BY 1`);
  log.info(`Units: ${unitCounts.map((r) => `${r.n} ${r.level}`).join(', ')}. Loading ${QUARTERS.length} quarters (${QUARTERS[0].code}..${QUARTERS.at(-1).code}) by SQL…`);
  const loader = await db.connect();
  const t0 = Date.now();
  let steps;
  try {
    steps = await loadNational(loader, (t) => log.info(t));
  } catch (e) {
    await loader.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    loader.release();
  }
  const loadMs = Date.now() - t0;
  const [{ rows: [counts] }, { rows: perQuarter }] = await Promise.all([
    db.query(`SELECT (SELECT count(*) FROM district.report)::int AS reports, (SELECT count(*) FROM district.report_version)::int AS versions,
                     (SELECT count(*) FROM district.report_value)::int AS "values", (SELECT count(*) FROM city.report_fact)::int AS facts,
                     (SELECT count(*) FROM city.rollup)::int AS rollups,
                     (SELECT count(*) FROM district.report WHERE status = 'RETURNED')::int AS returned,
                     (SELECT count(*) FROM district.report WHERE version > 1)::int AS corrected,
                     pg_size_pretty(pg_total_relation_size('district.report_value')) AS value_size,
                     pg_size_pretty(pg_total_relation_size('city.rollup')) AS rollup_size`),
    db.query(`SELECT period, count(*)::int AS n FROM district.report GROUP BY 1 ORDER BY 1`),
  ]);
  const councilsPerQuarter = [...new Set(perQuarter.map((q) => q.n))];
  log.info(`Loaded in ${(loadMs / 1000).toFixed(1)} s: ${counts.reports} reports (${councilsPerQuarter.join('/')} councils per quarter; ${counts.corrected} corrected once, ${counts.returned} returned), ` +
    `${counts.versions} versions, ${counts.values} values (${counts.value_size}); city: ${counts.facts} facts, ${counts.rollups} rollup rows (${counts.rollup_size}).`);

  // --- cross-check: the city side must equal a recomputation from the district side
  const recon = {};
  if (reconcileMode !== 'js') {
    const t = Date.now();
    const { rows: [r] } = await db.query(RECONCILE_SQL);
    recon.sql = { drift: r.drift, cells: r.cells, ms: Date.now() - t };
    log.info(`Reconciliation (SQL FULL JOIN): ${r.drift} drifting cells of ${r.cells} — ${Date.now() - t} ms.`);
  }
  if (reconcileMode !== 'sql') {
    const r = await reconcile(db);
    recon.js = { drift: r.drift.length, cells: r.cells, rollupCells: r.rollupCells, ms: r.ms, sample: r.drift.slice(0, 3) };
    log.info(`Reconciliation (dist reconciliation.js expectedFromDistrict/cityRollups/driftBetween): ${r.drift.length} drifting cells of ${r.cells} — ${r.ms} ms.`);
  }
  if (Object.values(recon).some((r) => r.drift !== 0)) throw new Fatal(`the loaded city side drifts from the district side: ${JSON.stringify(recon)}`);

  // --- city-api
  const city = await session.startApp('city-api');
  const token = await login(city.graphql, 'city');
  const { rows: metricRows } = await db.query(`SELECT code FROM hierarchy.metric WHERE active ORDER BY sort_order`);
  const metrics = metricRows.map((m) => m.code);
  log.info(`city-api :${city.port}. Timing ${QUERIES.length} queries: ${warmup} warm-up, then ${reps} HTTP requests each (sequential), ${sqlReps} plain GROUP BY runs interleaved…`);

  // The floor: the cheapest authenticated GraphQL request (HTTP, Nest, guards, Apollo, armor), for comparison.
  const floor = [];
  for (let i = 0; i < warmup + reps; i++) {
    const t = performance.now();
    await gql(city.graphql, `query { me { username } }`, {}, token);
    if (i >= warmup) floor.push(performance.now() - t);
  }
  const floorMs = summarize(floor);
  log.info(`  floor, query { me { username } }: HTTP p50 ${ms(floorMs.p50)} p95 ${ms(floorMs.p95)}.`);
  // A session of its own with JIT off: the plain GROUP BY at its best (not a pooled one: the setting would stay).
  const noJit = new pg.Client({ connectionString: session.databaseUrl, application_name: 'bench-statistics-nojit' });
  await noJit.connect();
  session.onCleanup(() => noJit.end());
  await noJit.query('SET jit = off');
  const loadBefore = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const results = [];
  for (const q of QUERIES) {
    const scopes = (await db.query(q.scopes)).rows.map((r) => r.code);
    const rollupSql = `SELECT ${q.rollupGroup} AS k, sum(value)::bigint AS v FROM city.rollup
                        WHERE scope_code = ANY($1) AND period = ANY($2) AND metric_code = ANY($3) GROUP BY 1`;
    const http = () => gql(city.graphql, STATISTICS, { q: q.vars }, token);
    const plain = (client) => client.query(q.plain, [q.periods, metrics]);
    const rollup = () => db.query(rollupSql, [scopes, q.rollupPeriods, metrics]);

    const times = { http: [], plain: [], plainNoJit: [], rollup: [] };
    const timed = async (list, fn) => {
      const t = performance.now();
      const out = await fn();
      list.push(performance.now() - t);
      return out;
    };
    let httpAnswer;
    let plainAnswer;
    for (let i = 0; i < warmup; i++) await http();
    for (let i = 0; i < Math.min(3, warmup); i++) {
      await plain(db);
      await plain(noJit);
      await rollup();
    }
    for (let i = 0; i < reps; i++) {
      httpAnswer = await timed(times.http, http);
      await timed(times.rollup, rollup);
      if (i < sqlReps) {
        plainAnswer = await timed(times.plain, () => plain(db));
        await timed(times.plainNoJit, () => plain(noJit));
      }
    }

    // Same answer? city-api lists every unit (zeros included); the GROUP BY only those with values.
    const a = new Map(httpAnswer.statistics.rows.map((r) => [q.key(r), r.value]));
    const b = new Map(plainAnswer.rows.map((r) => [r.k, Number(r.v)]));
    const diffs = [...new Set([...a.keys(), ...b.keys()])].filter((k) => (a.get(k) ?? 0) !== (b.get(k) ?? 0));
    const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)]));
    const bestPlain = s.plain.p50 <= s.plainNoJit.p50 ? { jit: 'on', ...s.plain } : { jit: 'off', ...s.plainNoJit };
    // The plans, for whoever wants to know where the time goes.
    const explain = async (sql, params) => (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    const plans = { rollup: await explain(rollupSql, [scopes, q.rollupPeriods, metrics]), plain: await explain(q.plain, [q.periods, metrics]) };
    results.push({
      id: q.id,
      label: q.label,
      query: q.vars,
      rows: a.size,
      total: [...a.values()].reduce((x, y) => x + y, 0),
      equal: diffs.length === 0,
      diffs: diffs.slice(0, 5).map((k) => ({ key: k, http: a.get(k) ?? 0, plain: b.get(k) ?? 0 })),
      ms: s,
      bestPlain,
      p95Met: s.http.p95 < TARGET_P95_MS,
      fasterThanPlain: s.http.p50 < bestPlain.p50 && s.http.p95 < bestPlain.p95,
      speedupP50: Math.round((bestPlain.p50 / s.http.p50) * 10) / 10,
      speedupP95: Math.round((bestPlain.p95 / s.http.p95) * 10) / 10,
      plans,
    });
    log.info(`  ${q.label}: HTTP p50 ${ms(s.http.p50)} p95 ${ms(s.http.p95)}; plain GROUP BY p50 ${ms(bestPlain.p50)} (jit ${bestPlain.jit}); answers ${diffs.length ? 'DIFFER' : 'equal'}.`);
  }

  // --- report
  const problems = session.appProblems();
  log.raw('');
  log.raw(`Statistics at national scale — ${counts.reports} reports (${QUARTERS.length} quarters × ${councilsPerQuarter.join('/')} councils × 20 metrics = ${counts.values} values), ${counts.rollups} rollup rows`);
  log.raw(`loading: SQL bulk INSERT … SELECT into district.report/report_version/report_value, city.report_fact + city.rollup built by SQL as the consumer would (${(loadMs / 1000).toFixed(1)} s); reconciliation: ${Object.entries(recon).map(([k, r]) => `${k} ${r.drift} drift / ${r.cells} cells`).join(', ')}`);
  log.raw(table(
    ['query', 'rows', 'HTTP p50', 'HTTP p95', 'rollup SQL p50', 'plain GROUP BY p50', 'p95', 'no-JIT p50', 'p95', 'same answer', `p95<${TARGET_P95_MS}ms`, 'speed-up p50/p95'],
    results.map((r) => [r.label, r.rows, ms(r.ms.http.p50), ms(r.ms.http.p95), ms(r.ms.rollup.p50), ms(r.ms.plain.p50), ms(r.ms.plain.p95), ms(r.ms.plainNoJit.p50), ms(r.ms.plainNoJit.p95),
      r.equal ? 'yes' : 'NO', r.p95Met ? 'MET' : 'MISSED', `${r.speedupP50}× / ${r.speedupP95}×${r.fasterThanPlain ? '' : ' (NOT faster)'}`]),
  ));
  log.raw(`floor (query { me { username } } over the same HTTP path): p50 ${ms(floorMs.p50)}, p95 ${ms(floorMs.p95)}.`);
  log.raw(`HTTP: ${reps} sequential requests per query after ${warmup} warm-up (GraphQL over keep-alive HTTP, rows { level unit { code name } period value }); SQL: ${sqlReps} runs over pg, default settings and with jit = off.`);
  log.raw(`speed-up: the plain GROUP BY's p50 / HTTP p50, and p95 / p95 (plain: the faster of JIT on/off by p50). Load average during the timing: ${loadBefore} → ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min; ${os.cpus().length} cores).`);
  for (const r of results.filter((x) => !x.equal)) log.raw(`DIFFERENT ANSWERS for ${r.label}: ${JSON.stringify(r.diffs)}`);
  for (const p of problems) log.raw(`${p.app} logged ${p.count} warning/error line(s), e.g.: ${p.sample[0]}`);

  const file = writeResults('statistics-national', {
    bench: 'statistics-national',
    at: new Date().toISOString(),
    machine: await machineInfo(db),
    code: await gitInfo(),
    params: { quarters: QUARTERS.map((q) => q.code), reps, sqlReps, warmup },
    loading: {
      method: 'SQL INSERT … SELECT into district.report, district.report_version, district.report_value (every unit with a council in the quarter, 20 metrics, 5% corrected once, 1% returned); city.report_fact and city.rollup built by SQL from the latest versions exactly as the consumer would; outbox/inbox/audit not written; then VACUUM ANALYZE',
      ms: loadMs,
      steps,
      counts,
      councilsPerQuarter,
      units: unitCounts,
      reconciliation: recon,
    },
    queries: results,
    floorMs,
    targets: { p95UnderMs: TARGET_P95_MS, allMet: results.every((r) => r.p95Met && r.fasterThanPlain) },
    appProblems: problems,
  });
  log.info(`Results written to ${file}.`);
  return results.every((r) => r.equal) ? 0 : 1;
});
