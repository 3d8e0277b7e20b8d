#!/usr/bin/env node
// Statistics at national scale (issue #4, bench (b)): a database prepared with --units vietnam (63 provinces as
// CITY-level roots, 704 districts, 10,472 communes = 11,239 units), loaded by SQL with 12 quarters (2022Q1..2024Q4)
// of 20-metric reports from every unit that has a council in the quarter, the city side built by SQL exactly as
// the consumer would leave it (checked by the worker's own reconcile()). Then city-api is started and three
// queries, grouped by metric, are timed over HTTP, each beside the same answer computed by a plain SQL GROUP BY
// over the raw report values (latest versions, grouped through hierarchy.council_unit), timed in the same run, and
// the answers compared figure by figure (per unit or level and metric).
//
// Two runs, printed side by side: idle (just after VACUUM ANALYZE, nothing else writing), and with a write burst
// in flight (district-api and a sync-worker started, Hanoi's 2024 reports corrected at --burst-rate submissions/s,
// relayed, applied and compacted while the same queries are timed). After the burst has drained, the answers are
// compared again and the worker's reconcile() must find zero drift. Targets: p95 < 20 ms per HTTP query, and
// faster than the plain GROUP BY.
//
//   node bench/statistics-national.mjs [--reps 200] [--sql-reps 40] [--warmup 20] [--skip-build] [--reconcile worker|sql|both]
//                                      [--burst-rate 100] [--burst-lanes 16]
//
// --reconcile worker (default): reconcile() from dist/…/reconciliation.js, the function the worker's scheduled job
// runs; sql: an independent recomputation of every total from the district side as one FULL JOIN (not the
// worker's code); both. --burst-rate 0 skips the burst run (printed as skipped).
//
// Own database (council_bench_<hex>) and queue prefix, dropped at the end, also on Ctrl-C.
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { compareAnswers, loadNational, QUARTERS, RECONCILE_SQL } from './lib/statistics-load.mjs';
import { metricValuesFor, reconcileAsWorker, reconcileText } from './lib/sync-figures.mjs';
import {
  Fatal,
  gitInfo,
  gql,
  health,
  intArg,
  login,
  machineInfo,
  ms,
  parseArgs,
  runBench,
  sleep,
  summarize,
  table,
  writeResults,
} from './lib/sync-harness.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');

const TARGET_P95_MS = 20;
const YEAR = '2024';
const YEAR_QUARTERS = ['2024Q1', '2024Q2', '2024Q3', '2024Q4'];

const STATISTICS = `query($q: StatisticsQuery!) { statistics(query: $q) { asOf rows { level unit { code name } period metric { code } value } } }`;
const SUBMIT = `mutation($input: ReportInput!, $key: String) { submitReport(input: $input, idempotencyKey: $key) { id version } }`;

/**
 * The three queries, each grouped by metric too: an answer is compared figure by figure (a sum over the 20
 * metrics would hide two figures swapped or moved between metrics). `plain` is the same answer from the raw values: district.report_value of each report's
 * latest version (report.version), reports that count (SUBMITTED/ACCEPTED), grouped through the unit's row in
 * hierarchy.council_unit (its version valid today, as city-api's unit lists are). `rollup` is the SQL city-api
 * runs (to split its time into SQL and the rest).
 */
const QUERIES = [
  {
    id: 'province-by-district-quarter',
    label: '01 by district, 2024Q1',
    vars: { scope: '01', groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT', periods: ['2024Q1'] },
    key: (r) => r.unit.code,
    plain: `SELECT CASE u.level WHEN 'DISTRICT' THEN u.code ELSE u.parent_code END AS k, rv.metric_code AS m, sum(rv.value)::bigint AS v
              FROM district.report r
              JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              JOIN hierarchy.council_unit u ON u.code = r.unit_code AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
             WHERE r.period = ANY($1) AND r.status IN ('SUBMITTED', 'ACCEPTED') AND rv.metric_code = ANY($2)
               AND u.root_code = '01' AND u.level IN ('DISTRICT', 'WARD')
             GROUP BY 1, 2`,
    periods: ['2024Q1'],
    scopes: `SELECT code FROM hierarchy.council_unit WHERE level = 'DISTRICT' AND root_code = '01' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date)`,
    rollupGroup: 'scope_code',
    rollupPeriods: ['2024Q1'],
  },
  {
    id: 'province-by-level-year',
    label: '01 by level, 2024',
    vars: { scope: '01', groupBy: ['LEVEL', 'METRIC'], periods: [YEAR] },
    key: (r) => r.level,
    plain: `SELECT u.level::text AS k, rv.metric_code AS m, sum(rv.value)::bigint AS v
              FROM district.report r
              JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              JOIN hierarchy.council_unit u ON u.code = r.unit_code AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
             WHERE r.period = ANY($1) AND r.status IN ('SUBMITTED', 'ACCEPTED') AND rv.metric_code = ANY($2) AND u.root_code = '01'
             GROUP BY 1, 2`,
    periods: YEAR_QUARTERS,
    scopes: `SELECT '01' AS code`,
    rollupGroup: 'level',
    rollupPeriods: [YEAR],
  },
  {
    id: 'nation-by-province-year',
    label: 'VN by province, 2024',
    vars: { scope: 'VN', groupBy: ['UNIT', 'METRIC'], unitLevel: 'CITY', periods: [YEAR] },
    key: (r) => r.unit.code,
    plain: `SELECT u.root_code AS k, rv.metric_code AS m, sum(rv.value)::bigint AS v
              FROM district.report r
              JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              JOIN hierarchy.council_unit u ON u.code = r.unit_code AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
             WHERE r.period = ANY($1) AND r.status IN ('SUBMITTED', 'ACCEPTED') AND rv.metric_code = ANY($2)
             GROUP BY 1, 2`,
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
  const burstRate = intArg(args, 'burst-rate', 100, 0);
  const burstLanes = intArg(args, 'burst-lanes', 16);
  const reconcileMode = args.reconcile ?? 'worker';
  if (!['worker', 'sql', 'both'].includes(reconcileMode)) throw new Fatal('--reconcile must be worker, sql or both');
  const log = session.log;

  await session.setup({ units: 'vietnam', skipBuild: Boolean(args['skip-build']) });
  const db = new pg.Pool({ connectionString: session.databaseUrl, max: 2, application_name: 'bench-statistics' });
  session.onCleanup(() => db.end());

  // --- load
  const { rows: unitCounts } = await db.query(
    `SELECT level::text AS level, count(*)::int AS n FROM hierarchy.council_unit GROUP BY 1 ORDER BY 1`,
  );
  log.info(
    `Units: ${unitCounts.map((r) => `${r.n} ${r.level}`).join(', ')}. Loading ${QUARTERS.length} quarters (${QUARTERS[0].code}..${QUARTERS.at(-1).code}) by SQL…`,
  );
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
  const [
    {
      rows: [counts],
    },
    { rows: perQuarter },
  ] = await Promise.all([
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
  log.info(
    `Loaded in ${(loadMs / 1000).toFixed(1)} s: ${counts.reports} reports (${councilsPerQuarter.join('/')} councils per quarter; ${counts.corrected} corrected once, ${counts.returned} returned), ` +
      `${counts.versions} versions, ${counts.values} values (${counts.value_size}); city: ${counts.facts} facts, ${counts.rollups} rollup rows (${counts.rollup_size}).`,
  );

  // --- cross-check: the city side as loaded must pass the worker's own check
  const recon = {};
  if (reconcileMode !== 'worker') {
    const t = Date.now();
    const {
      rows: [r],
    } = await db.query(RECONCILE_SQL);
    recon.sql = { drift: r.drift, cells: r.cells, ms: Date.now() - t };
    log.info(
      `Reconciliation (the bench's own SQL FULL JOIN, district → totals): ${r.drift} drifting cells of ${r.cells} — ${Date.now() - t} ms.`,
    );
  }
  if (reconcileMode !== 'sql') {
    recon.worker = await reconcileAsWorker(db, { graceMs: 0 });
    log.info(`Reconciliation (the worker's reconcile(), no grace): ${reconcileText(recon.worker)}.`);
  }
  if (Object.values(recon).some((r) => r.drift !== 0))
    throw new Fatal(`the loaded city side drifts from the district side: ${JSON.stringify(recon)}`);

  // --- city-api
  const city = await session.startApp('city-api');
  const token = await login(city.graphql, 'city');
  const { rows: metricRows } = await db.query(`SELECT code FROM hierarchy.metric WHERE active ORDER BY sort_order`);
  const metrics = metricRows.map((m) => m.code);
  log.info(
    `city-api :${city.port}. Timing ${QUERIES.length} queries: ${warmup} warm-up, then ${reps} HTTP requests each (sequential), ${sqlReps} plain GROUP BY runs interleaved…`,
  );

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

  const prepared = [];
  for (const q of QUERIES) {
    const scopes = (await db.query(q.scopes)).rows.map((r) => r.code);
    // The rollup table alone (city-api adds the pending deltas): how much of the HTTP time is SQL.
    const rollupSql = `SELECT ${q.rollupGroup} AS k, metric_code AS m, sum(value)::bigint AS v FROM city.rollup
                        WHERE scope_code = ANY($1) AND period = ANY($2) AND metric_code = ANY($3) GROUP BY 1, 2`;
    prepared.push({
      q,
      rollupSql,
      scopes,
      http: () => gql(city.graphql, STATISTICS, { q: q.vars }, token),
      plain: (client) => client.query(q.plain, [q.periods, metrics]),
      rollup: () => db.query(rollupSql, [scopes, q.rollupPeriods, metrics]),
    });
  }
  /** Both answers of a query, figure by figure (unit or level × metric). */
  const compare = (p, httpAnswer, plainAnswer) =>
    compareAnswers(
      httpAnswer.statistics.rows.map((r) => [`${p.q.key(r)}|${r.metric?.code}`, r.value]),
      plainAnswer.rows.map((r) => [`${r.k}|${r.m}`, Number(r.v)]),
    );

  /** One timed run of the three queries (HTTP, the rollup SQL, the plain GROUP BY with JIT on and off, interleaved). */
  const measure = async (phase) => {
    const loadBefore = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    const out = [];
    for (const p of prepared) {
      const times = { http: [], plain: [], plainNoJit: [], rollup: [] };
      const timed = async (list, fn) => {
        const t = performance.now();
        const answer = await fn();
        list.push(performance.now() - t);
        return answer;
      };
      let httpAnswer;
      let plainAnswer;
      for (let i = 0; i < warmup; i++) await p.http();
      for (let i = 0; i < Math.min(3, warmup); i++) {
        await p.plain(db);
        await p.plain(noJit);
        await p.rollup();
      }
      for (let i = 0; i < reps; i++) {
        httpAnswer = await timed(times.http, p.http);
        await timed(times.rollup, p.rollup);
        if (i < sqlReps) {
          plainAnswer = await timed(times.plain, () => p.plain(db));
          await timed(times.plainNoJit, () => p.plain(noJit));
        }
      }
      const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)]));
      const bestPlain = s.plain.p50 <= s.plainNoJit.p50 ? { jit: 'on', ...s.plain } : { jit: 'off', ...s.plainNoJit };
      const r = {
        id: p.q.id,
        label: p.q.label,
        rows: httpAnswer.statistics.rows.length,
        ms: s,
        bestPlain,
        p95Met: s.http.p95 < TARGET_P95_MS,
        fasterThanPlain: s.http.p50 < bestPlain.p50 && s.http.p95 < bestPlain.p95,
        speedupP50: Math.round((bestPlain.p50 / s.http.p50) * 10) / 10,
        speedupP95: Math.round((bestPlain.p95 / s.http.p95) * 10) / 10,
        last: { httpAnswer, plainAnswer },
      };
      out.push(r);
      log.info(
        `  ${phase}, ${p.q.label}: HTTP p50 ${ms(s.http.p50)} p95 ${ms(s.http.p95)}; plain GROUP BY p50 ${ms(bestPlain.p50)} (jit ${bestPlain.jit}).`,
      );
    }
    return {
      results: out,
      loadAverage: `${loadBefore} → ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    };
  };

  // --- 1. idle: freshly loaded and vacuumed, nothing writing
  const idle = await measure('idle');
  idle.results.forEach((r, i) => {
    r.answer = compare(prepared[i], r.last.httpAnswer, r.last.plainAnswer); // nothing moves: the last answers of the run must agree
  });
  // The plans, for whoever wants to know where the time goes.
  const explain = async (sql, params) =>
    (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
  for (const [i, p] of prepared.entries()) {
    idle.results[i].plans = {
      rollup: await explain(p.rollupSql, [p.scopes, p.q.rollupPeriods, metrics]),
      plain: await explain(p.q.plain, [p.q.periods, metrics]),
    };
  }

  // --- 2. the same with a write burst in flight: Hanoi's 2024 reports corrected through district-api, applied by a worker
  let burst = null;
  if (burstRate > 0) {
    const district = await session.startApp('district-api');
    const worker = await session.startApp('sync-worker');
    const districtToken = await login(district.graphql, 'city');
    const { rows: targets } = await db.query(
      `SELECT unit_code AS code, unit_level::text AS level, period FROM district.report WHERE root_code = '01' AND period = ANY($1) ORDER BY md5(unit_code || period)`,
      [YEAR_QUARTERS],
    );
    const writes = { sent: 0, answered: 0, errors: 0, sample: [], latency: [] };
    let writing = true;
    const burstStart = Date.now();
    // `burstLanes` lanes, each paced at burstRate / burstLanes per second (a lane that falls behind sends at once).
    const lanes = Array.from({ length: burstLanes }, async (_, lane) => {
      const period = (burstLanes / burstRate) * 1000;
      let next = performance.now() + (lane * period) / burstLanes;
      while (writing) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        if (!writing) return;
        next += period;
        const k = writes.sent++;
        const t = targets[k % targets.length];
        const values = Object.entries(metricValuesFor(t.level, 1000 + k)).map(([metric, value]) => ({ metric, value }));
        const started = performance.now();
        try {
          await gql(
            district.graphql,
            SUBMIT,
            { input: { unitCode: t.code, period: t.period, values, highlights: `Bench burst ${k}` }, key: `burst-${k}` },
            districtToken,
          );
          writes.answered++;
          writes.latency.push(performance.now() - started);
        } catch (e) {
          writes.errors++;
          if (writes.sample.length < 3) writes.sample.push(`${e.kind}: ${e.message}`);
        }
      }
    });
    await sleep(3000); // the burst under way: relay, consumer and compactor busy before the timing starts
    log.info(
      `Write burst: ${burstRate} submissions/s target over ${targets.length} Hanoi 2024 reports (${burstLanes} lanes); ${writes.answered} answered in the first 3 s. Timing again…`,
    );
    const timedFrom = Date.now();
    const during = await measure('burst');
    const timedTo = Date.now();
    writing = false;
    await Promise.all(lanes);
    const burstSeconds = (Date.now() - burstStart) / 1000;
    // Applied while the queries were timed: events the consumer took in (city.inbox_event.received_at), reports they touched.
    const {
      rows: [applied],
    } = await db.query(
      `SELECT (SELECT count(*) FROM city.inbox_event WHERE received_at BETWEEN to_timestamp($1 / 1000.0) AND to_timestamp($2 / 1000.0))::int AS events,
              (SELECT count(*) FROM city.report_fact WHERE applied_at BETWEEN to_timestamp($1 / 1000.0) AND to_timestamp($2 / 1000.0))::int AS reports`,
      [timedFrom, timedTo],
    );
    // Drained: every report the district changed is at its revision on the city side (statistics and reconcile()
    // both count the deltas not folded in yet; how many are left is printed).
    const drainStart = Date.now();
    let deltasLeft;
    for (;;) {
      const {
        rows: [left],
      } = await db.query(
        `SELECT (SELECT count(*) FROM district.report r LEFT JOIN city.report_fact f ON f.report_id = r.id
                  WHERE r.version > 0 AND (f.report_id IS NULL OR f.revision < r.revision))::int AS behind,
                (SELECT count(*) FROM city.rollup_delta)::int AS deltas`,
      );
      if (left.behind === 0) {
        deltasLeft = left.deltas;
        break;
      }
      if (Date.now() - drainStart > 120_000)
        throw new Fatal(`the burst did not drain within 120 s: ${left.behind} report(s) behind, ${left.deltas} delta(s) pending`);
      await sleep(200);
    }
    const drainMs = Date.now() - drainStart;
    const reconAfter = await reconcileAsWorker(db, { graceMs: 0 });
    log.info(
      `Burst drained ${drainMs} ms after the last submission; reconciliation (the worker's reconcile(), no grace): ${reconcileText(reconAfter)}.`,
    );
    // After the burst the answers must agree again, figure by figure (during it they move between two reads).
    const after = [];
    for (const p of prepared) after.push(compare(p, await p.http(), await p.plain(db)));
    const workerHealth = await health(worker.port);
    burst = {
      rate: burstRate,
      lanes: burstLanes,
      seconds: burstSeconds,
      sent: writes.sent,
      answered: writes.answered,
      perSecond: writes.answered / burstSeconds,
      errors: writes.errors,
      errorSample: writes.sample,
      submitLatencyMs: summarize(writes.latency),
      appliedWhileTimed: applied,
      timedSeconds: (timedTo - timedFrom) / 1000,
      drainMs,
      deltasLeft,
      reconciliation: reconAfter,
      workerReconciliation: workerHealth?.info?.reconciliation ?? workerHealth?.details?.reconciliation ?? null,
      results: during.results,
      loadAverage: during.loadAverage,
      after,
    };
  }

  // --- report
  const problems = session.appProblems();
  const pair = (a, b) => (b === undefined ? a : `${a} | ${b}`);
  const B = (i) => burst?.results[i];
  log.raw('');
  log.raw(
    `Statistics at national scale — ${counts.reports} reports (${QUARTERS.length} quarters × ${councilsPerQuarter.join('/')} councils × 20 metrics = ${counts.values} values), ${counts.rollups} rollup rows`,
  );
  log.raw(
    `loading: SQL bulk INSERT … SELECT into district.report/report_version/report_value, city.report_fact + city.rollup built by SQL as the consumer would (${(loadMs / 1000).toFixed(1)} s); reconciliation: ${Object.entries(
      recon,
    )
      .map(([k, r]) => `${k} ${r.drift} drift`)
      .join(', ')}`,
  );
  log.raw(
    `idle: just after VACUUM ANALYZE, nothing writing${burst ? ` | burst: ${Math.round(burst.perSecond)} submissions/s answered (target ${burstRate}/s, ${burst.errors} failed), ${burst.appliedWhileTimed.events} report events applied by the worker during the ${Math.round(burst.timedSeconds)} s of timing (${burst.appliedWhileTimed.reports} distinct reports)` : ' | burst: skipped (--burst-rate 0)'}`,
  );
  log.raw(
    table(
      [
        'query (idle | burst)',
        'rows',
        'HTTP p50',
        'HTTP p95',
        'rollup SQL p50',
        'plain GROUP BY p50',
        'p95',
        `p95<${TARGET_P95_MS}ms`,
        'speed-up p50/p95',
      ],
      idle.results.map((r, i) => [
        r.label,
        r.rows,
        pair(ms(r.ms.http.p50), B(i) && ms(B(i).ms.http.p50)),
        pair(ms(r.ms.http.p95), B(i) && ms(B(i).ms.http.p95)),
        pair(ms(r.ms.rollup.p50), B(i) && ms(B(i).ms.rollup.p50)),
        pair(ms(r.bestPlain.p50), B(i) && ms(B(i).bestPlain.p50)),
        pair(ms(r.bestPlain.p95), B(i) && ms(B(i).bestPlain.p95)),
        pair(r.p95Met ? 'MET' : 'MISSED', B(i) && (B(i).p95Met ? 'MET' : 'MISSED')),
        pair(
          `${r.speedupP50}×/${r.speedupP95}×${r.fasterThanPlain ? '' : ' NOT faster'}`,
          B(i) && `${B(i).speedupP50}×/${B(i).speedupP95}×${B(i).fasterThanPlain ? '' : ' NOT faster'}`,
        ),
      ]),
    ),
  );
  log.raw(
    table(
      ['same answer, figure by figure (unit or level × metric)', "idle (the run's last answers)", 'after the burst drained'],
      idle.results.map((r, i) => [r.label, answerText(r.answer), burst ? answerText(burst.after[i]) : '—']),
    ),
  );
  log.raw(`floor (query { me { username } } over the same HTTP path, idle): p50 ${ms(floorMs.p50)}, p95 ${ms(floorMs.p95)}.`);
  log.raw(
    `HTTP: ${reps} sequential requests per query after ${warmup} warm-up (GraphQL over keep-alive HTTP, rows { level unit { code name } period metric { code } value }); SQL: ${sqlReps} runs over pg, default settings and with jit = off; plain = the faster by p50.`,
  );
  log.raw(`load average (1/5/15 min; ${os.cpus().length} cores): idle ${idle.loadAverage}${burst ? `; burst ${burst.loadAverage}` : ''}`);
  if (burst) {
    log.raw(
      `burst: ${burst.answered} of ${burst.sent} submissions answered in ${burst.seconds.toFixed(1)} s, submitReport p50 ${ms(burst.submitLatencyMs.p50)} p95 ${ms(burst.submitLatencyMs.p95)}; drained ${burst.drainMs} ms after the last (${burst.deltasLeft} delta(s) not folded in yet); reconcile() after it: ${reconcileText(burst.reconciliation)}`,
    );
    if (burst.errors) log.raw(`burst submissions FAILED: ${burst.errors}, e.g. ${burst.errorSample.join(' | ')}`);
    if (burst.workerReconciliation)
      log.raw(`the worker's own last scheduled reconciliation (/health): ${JSON.stringify(burst.workerReconciliation)}`);
  }
  for (const p of problems) log.raw(`${p.app} logged ${p.count} warning/error line(s), e.g.: ${p.sample[0]}`);

  const strip = (results) => results.map(({ last: _last, ...r }) => r);
  const file = writeResults('statistics-national', {
    bench: 'statistics-national',
    at: new Date().toISOString(),
    machine: await machineInfo(db),
    code: await gitInfo(),
    params: { quarters: QUARTERS.map((q) => q.code), reps, sqlReps, warmup, burstRate, burstLanes },
    loading: {
      method:
        'SQL INSERT … SELECT into district.report, district.report_version, district.report_value (every unit with a council in the quarter, 20 metrics, 5% corrected once, 1% returned); city.report_fact and city.rollup built by SQL from the latest versions exactly as the consumer would; outbox/inbox/audit not written; then VACUUM ANALYZE',
      ms: loadMs,
      steps,
      counts,
      councilsPerQuarter,
      units: unitCounts,
      reconciliation: recon,
    },
    idle: { queries: strip(idle.results), loadAverage: idle.loadAverage },
    burst: burst && { ...burst, results: strip(burst.results) },
    floorMs,
    targets: {
      p95UnderMs: TARGET_P95_MS,
      idleMet: idle.results.every((r) => r.p95Met && r.fasterThanPlain),
      burstMet: burst ? burst.results.every((r) => r.p95Met && r.fasterThanPlain) : null,
    },
    appProblems: problems,
  });
  log.info(`Results written to ${file}.`);
  const consistent =
    idle.results.every((r) => r.answer.equal) &&
    (!burst || (burst.errors === 0 && burst.reconciliation.drift === 0 && burst.after.every((a) => a.equal)));
  return consistent ? 0 : 1;
});

const answerText = (c) =>
  c.equal
    ? `yes (${c.figures} figures, ${c.nonZero} non-zero)`
    : `NO: ${c.diffs} of ${c.figures} differ, e.g. ${JSON.stringify(c.sample.slice(0, 2))}`;
