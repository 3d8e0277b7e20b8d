#!/usr/bin/env node
// Sync lag (issue #4, bench (a)): every Hanoi council — 1 city + 30 districts + 579 wards, all of which had a
// council in 2021Q1 — submits its 2021Q1 report at once through district-api (bounded concurrency). For each
// report, lag = time from its submitReport answer to its figure being visible in city-api's `statistics` over
// HTTP (polled in a tight loop), cross-checked through Redis: a subscriber to `<prefix>:figures-changed` acts as a
// live screen and queries statistics on each message; every report must show up that way too. Also printed: a
// breakdown from the rows' timestamps, the CPU each process got, and where the apps' database sessions spent
// the burst. Targets: p95 < 250 ms, everything visible within 3 s of the last submission.
//
//   node bench/sync-lag.mjs [--concurrency 50] [--poll-interval 10] [--warmup 30] [--timeout 60] [--skip-build]
//                           [--district-pool N] [--development]
//
// The apps run as deployed unless a flag says otherwise: district-api's default DB pool, NODE_ENV=production, the
// apps' own log level. Each deviation (--district-pool N, --development, LOG_LEVEL in the environment) is printed
// with the figures and written to the JSON, so a figure never passes for the deployed one when it is not.
//
// Own database (council_bench_<hex>) and queue prefix (bench-<hex>), dropped/deleted at the end, also on Ctrl-C.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

import { metricValuesFor, reconcileAsWorker, reconcileText, SYNC_METRIC } from './lib/sync-figures.mjs';
import {
  cpuSnapshot,
  cpuUsage,
  Fatal,
  gitInfo,
  gql,
  health,
  intArg,
  login,
  machineInfo,
  ms,
  parseArgs,
  pool,
  ROOT,
  runBench,
  sleep,
  summarize,
  table,
  writeResults,
} from './lib/sync-harness.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { Redis } = require('ioredis');

const PERIOD = '2021Q1';
const WARMUP_PERIOD = '2020Q4';
const UNIT_DATE = '2021-01-01'; // the units as they stood when the quarter began
const TARGET_P95_MS = 250;
const TARGET_ALL_MS = 3000;

const SUBMIT = `mutation($input: ReportInput!, $key: String) { submitReport(input: $input, idempotencyKey: $key) { id version status } }`;
const TOTAL = `query($q: StatisticsQuery!) { statistics(query: $q) { rows { value } } }`;
const POLL = `query($w: StatisticsQuery!, $d: StatisticsQuery!, $c: StatisticsQuery!) {
  wards: statistics(query: $w) { rows { unit { code } value } }
  districts: statistics(query: $d) { rows { level unit { code } value } }
  city: statistics(query: $c) { rows { level unit { code } value } }
}`;
const pollQuery = (unitLevel, groupBy) => ({ periods: [PERIOD], metrics: [SYNC_METRIC], scope: '01', groupBy, unitLevel });
const POLL_VARS = { w: pollQuery('WARD', ['UNIT']), d: pollQuery('DISTRICT', ['UNIT', 'LEVEL']), c: pollQuery('CITY', ['UNIT', 'LEVEL']) };

runBench('sync-lag', async (session) => {
  const args = parseArgs();
  const concurrency = intArg(args, 'concurrency', 50);
  const districtPool = args['district-pool'] === undefined ? null : intArg(args, 'district-pool', 20);
  const pollInterval = intArg(args, 'poll-interval', 10, 0);
  const warmup = intArg(args, 'warmup', 30, 0);
  const timeoutS = intArg(args, 'timeout', 60);
  const log = session.log;
  for (const gone of ['as-deployed', 'production', 'no-production']) {
    if (args[gone] !== undefined)
      throw new Fatal(`--${gone} is gone: the bench runs as deployed unless told otherwise (--district-pool N, --development)`);
  }
  const development = Boolean(args.development);
  // Anything that is not as deployed, said with every figure.
  const deviations = [];
  if (districtPool !== null) deviations.push(`district-api DB_POOL_SIZE=${districtPool} (deployed: the default, 20)`);
  if (development) deviations.push('NODE_ENV=development (deployed: production)');
  if (process.env.LOG_LEVEL) deviations.push(`LOG_LEVEL=${process.env.LOG_LEVEL} (deployed: unset, i.e. log)`);
  else delete session.env.LOG_LEVEL; // the harness's quieter default is not what is deployed
  if (!development) session.useProduction();
  const settings = deviations.length
    ? `NOT as deployed: ${deviations.join('; ')}`
    : 'as deployed (district-api default DB pool, NODE_ENV=production, default log level)';
  log.info(`Settings: ${settings}.`);

  await session.setup({ units: 'hanoi', skipBuild: Boolean(args['skip-build']) });
  const db = new pg.Pool({ connectionString: session.databaseUrl, max: 3, application_name: 'bench-sync-lag' });
  session.onCleanup(() => db.end());

  // Only units with a council when 2021Q1 began may file for it (hasCouncilOn: from ≤ date < to).
  const { rows: units } = await db.query(
    `SELECT code, level::text AS level, parent_code FROM hierarchy.council_unit
      WHERE root_code = '01' AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)
        AND council_from IS NOT NULL AND council_from <= $1 AND (council_to IS NULL OR council_to > $1)
      ORDER BY CASE level WHEN 'CITY' THEN 0 WHEN 'DISTRICT' THEN 1 ELSE 2 END, code`,
    [UNIT_DATE],
  );
  const byLevel = Object.fromEntries(['CITY', 'DISTRICT', 'WARD'].map((l) => [l, units.filter((u) => u.level === l).length]));
  log.info(`${units.length} councils in ${PERIOD}: ${byLevel.CITY} city, ${byLevel.DISTRICT} districts, ${byLevel.WARD} wards.`);
  if (units.length !== 610) log.warn(`expected 610 councils (1 + 30 + 579), found ${units.length}`);

  // PostgreSQL's connection limit is shared with whatever else runs on the server (test suites, other benches).
  const {
    rows: [conn],
  } = await db.query(
    `SELECT current_setting('max_connections')::int AS max, (SELECT count(*) FROM pg_stat_activity)::int AS used,
            (SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND datname <> current_database())::int AS others`,
  );
  const need = (districtPool ?? 20) + 30; // + city-api and sync-worker as they run here (their pools fill lazily)
  if (conn.max - conn.used < need) {
    const msg = `PostgreSQL has ${conn.max - conn.used} free connections of ${conn.max} (${conn.others} held by other databases); this run may need ~${need}`;
    if (conn.max - conn.used < (districtPool ?? 20) + 10)
      throw new Fatal(`${msg}. Rerun when the server is quieter, or lower --concurrency.`);
    log.warn(`${msg}: submissions may fail with "too many clients".`);
  }

  // Apps: one of each, as in production.
  const [district, city, worker] = [
    await session.startApp('district-api', { env: districtPool ? { DB_POOL_SIZE: String(districtPool) } : {} }),
    await session.startApp('city-api'),
    await session.startApp('sync-worker'),
  ];
  log.info(
    `district-api :${district.port} (DB pool ${districtPool ?? 'default 20'}), city-api :${city.port}, sync-worker :${worker.port} (logs in ${path.relative(ROOT, session.logDir)}/).`,
  );
  const [districtToken, cityToken] = [await login(district.graphql, 'city'), await login(city.graphql, 'city')];

  // The worker's "figures changed" messages: the cross-check, and how the warm-up knows it is done.
  const sub = new Redis(session.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  sub.on('error', () => {});
  session.onCleanup(() => sub.disconnect());
  await sub.connect();
  const channel = `${session.queuePrefix}:figures-changed`;
  // Messages are {period, appliedAt} per compaction batch (or, in the earlier design, one per report with
  // unitCode): either way a live screen re-queries on each one, and so does the bench (see `screen` below).
  const messages = []; // { at, period, unitCode?, appliedAt }
  let onMessage = () => {};
  sub.on('message', (ch, text) => {
    const at = performance.now();
    if (ch !== channel) return;
    try {
      const m = JSON.parse(text);
      messages.push({ at, period: m.period, unitCode: m.unitCode ?? null, appliedAt: Date.parse(m.appliedAt) });
      onMessage(m);
    } catch {
      messages.push({ at, bad: text });
    }
  });
  await sub.subscribe(channel);

  // Warm-up on another quarter: JIT, connection pools and caches of all three apps, then wait until applied.
  if (warmup > 0) {
    const started = performance.now();
    const some = units.slice(0, warmup);
    const errs = await pool(some, 16, (u, i) =>
      gql(district.graphql, SUBMIT, { input: reportInput(u, WARMUP_PERIOD, i), key: `warmup-${u.code}` }, districtToken),
    );
    if (errs.length) throw new Fatal(`warm-up submission failed: ${errs[0].error.message}`);
    const want = some.reduce((a, u, i) => a + metricValuesFor(u.level, i)[SYNC_METRIC], 0);
    const total = async () =>
      (await gql(city.graphql, TOTAL, { q: { periods: [WARMUP_PERIOD], metrics: [SYNC_METRIC], scope: '01', groupBy: [] } }, cityToken))
        .statistics.rows[0]?.value ?? 0;
    const deadline = Date.now() + 30_000;
    while ((await total()) !== want) {
      if (Date.now() > deadline) throw new Fatal(`the ${some.length} warm-up reports did not reach the statistics within 30 s`);
      await sleep(50);
    }
    for (let k = 0; k < 10; k++) await gql(city.graphql, POLL, POLL_VARS, cityToken);
    log.info(
      `Warm-up: ${some.length} ${WARMUP_PERIOD} reports submitted and visible, 10 polls, in ${Math.round(performance.now() - started)} ms.`,
    );
  }

  // One poll on a quiet system: the resolution the HTTP measure has at best.
  const idlePolls = [];
  for (let k = 0; k < 30; k++) {
    const t0 = performance.now();
    await gql(city.graphql, POLL, POLL_VARS, cityToken);
    idlePolls.push(performance.now() - t0);
  }

  // Expected figure of each unit, at its own level (what its own report adds).
  const expected = new Map(units.map((u, i) => [u.code, { unit: u, index: i, value: metricValuesFor(u.level, i)[SYNC_METRIC] }]));
  if (new Set([...expected.values()].map((e) => e.value)).size !== units.length) throw new Error('the units’ values are not distinct');
  const state = new Map(
    units.map((u) => [u.code, { sentAt: null, answerAt: null, visibleAt: null, visiblePollStart: null, screenAt: null, redisAt: null }]),
  );

  // Is the period empty before we start? (Nothing may be visible before it is submitted.)
  const before = await gql(city.graphql, POLL, POLL_VARS, cityToken);
  const nonZero = [...before.wards.rows, ...before.districts.rows, ...before.city.rows].filter((r) => r.value !== 0);
  if (nonZero.length) throw new Fatal(`statistics for ${PERIOD} are not empty before the run: ${JSON.stringify(nonZero.slice(0, 3))}`);

  /** Marks the units whose figure a poll's answer shows; returns how many were new. */
  const levelOf = new Map(units.map((u) => [u.code, u.level]));
  const markVisible = (data, onNew) => {
    let n = 0;
    const seen = (code, value) => {
      const e = expected.get(code);
      if (e && value === e.value && onNew(state.get(code))) n++;
    };
    for (const r of data.wards.rows) seen(r.unit.code, r.value);
    for (const r of [...data.districts.rows, ...data.city.rows]) if (r.level === levelOf.get(r.unit.code)) seen(r.unit.code, r.value);
    return n;
  };

  // --- the poller: city-api statistics over HTTP, as tight as it can go
  let polling = true;
  const polls = []; // durations
  let pollErrors = 0;
  let lastPollError = null;
  let remaining = units.length;
  let allVisibleAt = null;
  const poller = (async () => {
    while (polling) {
      const t0 = performance.now();
      let data;
      try {
        data = await gql(city.graphql, POLL, POLL_VARS, cityToken);
      } catch (e) {
        pollErrors++;
        lastPollError = e.message;
        await sleep(50);
        continue;
      }
      const t1 = performance.now();
      polls.push(t1 - t0);
      remaining -= markVisible(data, (s) => {
        if (s.visibleAt !== null) return false;
        s.visibleAt = t1;
        s.visiblePollStart = t0;
        return true;
      });
      if (remaining === 0) {
        allVisibleAt = t1;
        return;
      }
      if (pollInterval) await sleep(pollInterval);
    }
  })();

  // --- the live screen: one statistics query per figures-changed message (coalesced), as a briefing screen does
  let screenBusy = null;
  let screenAgain = false;
  let screenQueries = 0;
  let screenRemaining = units.length;
  let screenAllAt = null;
  const screen = () => {
    if (screenBusy) {
      screenAgain = true;
      return;
    }
    screenBusy = gql(city.graphql, POLL, POLL_VARS, cityToken)
      .then((data) => {
        const t = performance.now();
        screenQueries++;
        screenRemaining -= markVisible(data, (s) => {
          if (s.screenAt !== null) return false;
          s.screenAt = t;
          return true;
        });
        if (screenRemaining === 0 && screenAllAt === null) screenAllAt = t;
      })
      .catch(() => {})
      .finally(() => {
        screenBusy = null;
        if (screenAgain) {
          screenAgain = false;
          screen();
        }
      });
  };
  onMessage = (m) => {
    if (m.period !== PERIOD) return;
    if (m.unitCode) {
      const s = state.get(m.unitCode);
      if (s && s.redisAt === null) s.redisAt = performance.now();
    }
    screen();
  };

  // --- 610 councils submit at once (at most `concurrency` in flight)
  log.info(`Submitting ${units.length} ${PERIOD} reports, ${concurrency} in flight; polling city-api every ~${pollInterval} ms…`);
  // Where the apps' database sessions are during the burst: sampled from pg_stat_activity every ~50 ms.
  const activity = new Map(); // "app|state|wait" → samples
  let sampling = true;
  let samples = 0;
  const sampler = (async () => {
    while (sampling) {
      try {
        const { rows } = await db.query(
          `SELECT application_name AS app, state, coalesce(wait_event_type || ':' || wait_event, '') AS wait, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name NOT LIKE 'bench-%'
            GROUP BY 1, 2, 3`,
        );
        samples++;
        for (const r of rows) activity.set(`${r.app}|${r.state}|${r.wait}`, (activity.get(`${r.app}|${r.state}|${r.wait}`) ?? 0) + r.n);
      } catch {
        /* best effort */
      }
      await sleep(50);
    }
  })();
  const loadBefore = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const cpuBefore = cpuSnapshot(session.apps);
  const firstSentAt = performance.now();
  const submitErrors = await pool(units, concurrency, async (u, i) => {
    const s = state.get(u.code);
    s.sentAt = performance.now();
    let data;
    try {
      data = await gql(district.graphql, SUBMIT, { input: reportInput(u, PERIOD, i), key: `bench-${u.code}-${PERIOD}` }, districtToken);
    } finally {
      s.answerAt = performance.now(); // a failure's time too (the timeline below)
    }
    if (data.submitReport.status !== 'SUBMITTED' || data.submitReport.version !== 1)
      throw new Error(`unexpected answer ${JSON.stringify(data.submitReport)}`);
  });
  const lastAnswerAt = Math.max(...[...state.values()].map((s) => s.answerAt ?? 0));
  // Answers (ok/failed) per second of the burst: a stall shows as zeros.
  const failedCodes = new Set(submitErrors.map((e) => e.item.code));
  const timeline = [];
  for (const [code, s] of state) {
    const sec = Math.floor((s.answerAt - firstSentAt) / 1000);
    timeline[sec] ??= { ok: 0, failed: 0 };
    timeline[sec][failedCodes.has(code) ? 'failed' : 'ok']++;
  }
  const timelineText = Array.from(timeline, (t) => (t ? (t.failed ? `${t.ok}+${t.failed}✗` : `${t.ok}`) : '0')).join(' ');
  if (submitErrors.length) {
    polling = false;
    await poller;
    const causes = session.appProblems().find((p) => p.app === 'district-api');
    throw new Fatal(
      `${submitErrors.length} submission(s) failed, e.g. ${submitErrors[0].item.code}: ${submitErrors[0].error.message}` +
        `\nanswers per second of the burst (ok+failed✗): ${timelineText}` +
        (causes ? `\ndistrict-api logged ${causes.count} warning/error line(s), e.g.:\n  ${causes.sample.slice(0, 3).join('\n  ')}` : ''),
    );
  }
  const submitSeconds = (lastAnswerAt - firstSentAt) / 1000;
  log.info(
    `All ${units.length} answered in ${submitSeconds.toFixed(2)} s (${Math.round(units.length / submitSeconds)} submissions/s); waiting for the figures…`,
  );

  const deadline = lastAnswerAt + timeoutS * 1000;
  while (remaining > 0 && performance.now() < deadline) await sleep(20);
  const cpu = cpuUsage(cpuBefore, cpuSnapshot(session.apps));
  sampling = false;
  await sampler;
  // Average number of each app's sessions per state (active = running in PostgreSQL, idle in transaction = the
  // transaction waits for the app, idle = in the pool).
  const sessions = {};
  for (const [key, n] of activity) {
    const [app, state, wait] = key.split('|');
    const label = state === 'active' ? (wait ? `active (waiting ${wait})` : 'active') : state;
    sessions[app] ??= {};
    sessions[app][label] = Math.round(((sessions[app][label] ?? 0) + n / samples) * 10) / 10;
  }
  polling = false;
  await poller;

  await sleep(1500); // late messages (a compaction after the last poll) and the screen's last query
  while (screenBusy) await screenBusy;
  const periodMessages = messages.filter((m) => m.period === PERIOD);

  // --- correctness: totals, reconciliation, duplicates, worker state
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok, detail });
  const missing = [...state.entries()].filter(([, s]) => s.visibleAt === null).map(([c]) => c);
  check(
    'every report visible in statistics',
    missing.length === 0,
    missing.length ? `${missing.length} never seen, e.g. ${missing.slice(0, 5).join(', ')}` : `${units.length}/${units.length}`,
  );
  const byLevelSum = { CITY: 0, DISTRICT: 0, WARD: 0 };
  for (const e of expected.values()) byLevelSum[e.unit.level] += e.value;
  const totals = await gql(
    city.graphql,
    `query($q: StatisticsQuery!) { statistics(query: $q) { rows { level value } } }`,
    { q: { periods: [PERIOD], metrics: [SYNC_METRIC], scope: '01', groupBy: ['LEVEL'] } },
    cityToken,
  );
  const got = Object.fromEntries(totals.statistics.rows.map((r) => [r.level, r.value]));
  check(
    `statistics(groupBy: [LEVEL]) ${SYNC_METRIC} = sum of submitted`,
    ['CITY', 'DISTRICT', 'WARD'].every((l) => got[l] === byLevelSum[l]),
    `got ${JSON.stringify(got)}, expected ${JSON.stringify(byLevelSum)}`,
  );
  // Everything is visible by now, so no grace: a report the city has not caught up with counts as drift.
  const recon = await reconcileAsWorker(db, { graceMs: 0 });
  check("reconciliation (the worker's reconcile(), no grace): zero drift", recon.drift === 0 && recon.inFlight === 0, reconcileText(recon));
  const screenMissing = [...state.entries()].filter(([, s]) => s.screenAt === null).map(([c]) => c);
  check(
    'every report reached a live screen (a query triggered by a figures-changed message shows it)',
    screenMissing.length === 0,
    `${periodMessages.length} messages for ${PERIOD}, ${screenQueries} screen queries; ${screenMissing.length ? `${screenMissing.length} never shown, e.g. ${screenMissing.slice(0, 5).join(', ')}` : 'all shown'}`,
  );
  const workerHealth = await health(worker.port);
  const outbox = workerHealth?.info?.outbox ?? workerHealth?.details?.outbox ?? null;
  const rollups = workerHealth?.info?.rollups ?? workerHealth?.details?.rollups ?? null;
  const snapshots = workerHealth?.info?.['report-snapshots'] ?? workerHealth?.details?.['report-snapshots'] ?? null;
  const problems = session.appProblems();

  // --- figures
  const lagPoll = [];
  const lagPollStart = [];
  const lagScreen = [];
  const lagRedis = [];
  const submitLatency = [];
  const lagBySecond = []; // lag by the second of the burst the answer came in: where the slow ones are
  for (const s of state.values()) {
    submitLatency.push(s.answerAt - s.sentAt);
    if (s.visibleAt !== null) lagPoll.push(s.visibleAt - s.answerAt);
    if (s.visibleAt !== null && s.answerAt)
      (lagBySecond[Math.floor((s.answerAt - firstSentAt) / 1000)] ??= []).push(s.visibleAt - s.answerAt);
    if (s.visibleAt !== null) lagPollStart.push(s.visiblePollStart - s.answerAt);
    if (s.screenAt !== null) lagScreen.push(s.screenAt - s.answerAt);
    if (s.redisAt !== null) lagRedis.push(s.redisAt - s.answerAt);
  }
  const lastVisibleAfterLast = allVisibleAt !== null ? allVisibleAt - lastAnswerAt : null;
  const screenAllAfterLast = screenAllAt !== null ? screenAllAt - lastAnswerAt : null;
  const firstMsgAfterLast = periodMessages.find((m) => m.at >= lastAnswerAt);
  // Where the lag goes, from the rows themselves (same machine, same clock): the outbox row's created_at
  // (clock_timestamp() when the submitting statement wrote it), sent_at (the relay handed it to BullMQ), the fact's
  // applied_at (now() of the consumer's transaction, i.e. when its group commit began).
  const { rows: trail } = await db.query(
    `SELECT f.unit_code, o.id::text AS event_id, extract(epoch FROM o.created_at) * 1000 AS created, extract(epoch FROM o.sent_at) * 1000 AS sent,
            extract(epoch FROM f.applied_at) * 1000 AS applied
       FROM district.outbox_event o JOIN city.report_fact f ON f.report_id::text = o.aggregate_id
      WHERE f.period = $1 AND o.type = 'ReportSubmitted'`,
    [PERIOD],
  );
  // BullMQ's own times for each event's job (job id = event id): added to the queue, taken by the worker, finished.
  const jobs = new Redis(session.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  const jobTimes = await jobs
    .pipeline(trail.map((t) => ['hmget', `${session.queuePrefix}:to-city:${t.event_id}`, 'timestamp', 'processedOn', 'finishedOn']))
    .exec()
    .then((res) => res.map(([err, v]) => (err || !v?.[1] ? null : v.map(Number))))
    .finally(() => jobs.disconnect());
  const parts = {
    writtenToAnswer: [],
    answerToSent: [],
    sentToQueued: [],
    queuedToTaken: [],
    takenToApplied: [],
    appliedToFinished: [],
    answerToApplied: [],
    appliedToVisible: [],
  };
  trail.forEach((t, i) => {
    const st = state.get(t.unit_code);
    if (!st?.answerAt) return;
    const answer = performance.timeOrigin + st.answerAt;
    parts.writtenToAnswer.push(answer - Number(t.created));
    if (t.sent) parts.answerToSent.push(Number(t.sent) - answer);
    const job = jobTimes[i];
    if (job && t.sent) {
      const [queued, taken, finished] = job;
      parts.sentToQueued.push(queued - Number(t.sent));
      parts.queuedToTaken.push(taken - queued);
      parts.takenToApplied.push(Number(t.applied) - taken);
      if (finished) parts.appliedToFinished.push(finished - Number(t.applied));
    }
    parts.answerToApplied.push(Number(t.applied) - answer);
    if (st.visibleAt !== null) parts.appliedToVisible.push(performance.timeOrigin + st.visibleAt - Number(t.applied));
  });
  const P = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize(v)]));
  const poll = summarize(polls);
  const S = {
    poll: summarize(lagPoll),
    pollStart: summarize(lagPollStart),
    screen: summarize(lagScreen),
    redis: summarize(lagRedis),
    submit: summarize(submitLatency),
  };
  const p95ok = S.poll.p95 !== null && S.poll.p95 < TARGET_P95_MS;
  const allOk = lastVisibleAfterLast !== null && lastVisibleAfterLast < TARGET_ALL_MS;

  const row = (label, s) => [label, s.n, ms(s.p50), ms(s.p95), ms(s.max)];
  log.raw('');
  log.raw(
    `Sync lag — ${units.length} councils submit ${PERIOD} at once (${concurrency} in flight), 1 district-api (DB pool ${districtPool ?? 20}), 1 city-api, 1 sync-worker`,
  );
  log.raw(`settings: ${settings}`);
  log.raw(
    table(
      ['measure', 'n', 'p50', 'p95', 'max'],
      [
        row('lag: answer → visible in statistics (HTTP poll)', S.poll),
        row('  lower bound: answer → start of the poll that showed it', S.pollStart),
        row('cross-check: answer → shown by a query on figures-changed (Redis)', S.screen),
        ...(S.redis.n ? [row('answer → its own figures-changed message received', S.redis)] : []),
        row('breakdown: answer → relay sent it to BullMQ (outbox.sent_at)', P.answerToSent),
        row('  sent → job in the queue (BullMQ job.timestamp)', P.sentToQueued),
        row('  job in the queue → taken by the worker (job.processedOn)', P.queuedToTaken),
        row('  taken → its group commit began (report_fact.applied_at)', P.takenToApplied),
        row('  group commit began → job finished (job.finishedOn, after the commit)', P.appliedToFinished),
        row('breakdown: answer → consumer applied it (report_fact.applied_at)', P.answerToApplied),
        row('breakdown: applied → visible (compaction + poll)', P.appliedToVisible),
        row('submitReport latency (under the burst)', S.submit),
        row('submitting statement wrote the event (outbox.created_at) → answer', P.writtenToAnswer),
        row('one statistics poll (3 queries, HTTP), during the burst', poll),
        row('one statistics poll, quiet system (before the burst)', summarize(idlePolls)),
      ],
    ),
  );
  log.raw(
    `lag by second of the burst (p50/p95 ms): ${Array.from(lagBySecond, (l, i) => (l ? `${i}s ${Math.round(summarize(l).p50)}/${Math.round(summarize(l).p95)}` : `${i}s -`)).join(', ')}`,
  );
  log.raw(
    `burst: ${units.length} submissions answered in ${submitSeconds.toFixed(2)} s (${Math.round(units.length / submitSeconds)}/s); answers per second: ${timelineText}`,
  );
  log.raw(
    `last submission answered → everything visible: ${ms(lastVisibleAfterLast)} (HTTP poll), ${ms(screenAllAfterLast)} (query on figures-changed); ${periodMessages.length} figures-changed messages for ${PERIOD}`,
  );
  log.raw(
    `targets: p95 < ${TARGET_P95_MS} ms: ${p95ok ? 'MET' : 'MISSED'} (${ms(S.poll.p95)});  all visible < ${TARGET_ALL_MS / 1000} s after the last submission: ${allOk ? 'MET' : 'MISSED'} (${ms(lastVisibleAfterLast)})`,
  );
  log.raw(
    `polls: ${polls.length} (${pollErrors} failed${lastPollError ? `: ${lastPollError}` : ''}); poll lag resolution ≈ one poll (p50 ${ms(poll.p50)}) + ${pollInterval} ms`,
  );
  for (const c of checks) log.raw(`check: ${c.ok ? 'ok ' : 'FAIL'} ${c.name} — ${c.detail}`);
  log.raw(`load average before the burst: ${loadBefore} (1/5/15 min, ${os.cpus().length} cores) — other work on the machine shows here`);
  if (cpu)
    log.raw(
      `CPU, cores used on average from the first submission to all visible (${cpu.seconds} s): ${Object.entries(cpu)
        .filter(([k]) => k !== 'seconds')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  for (const [app, st] of Object.entries(sessions).sort()) {
    log.raw(
      `db sessions of ${app} during the burst (average count): ${Object.entries(st)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  if (outbox) log.raw(`worker outbox: ${JSON.stringify(outbox)}`);
  if (snapshots) log.raw(`worker report snapshots (group commits: events per transaction): ${JSON.stringify(snapshots)}`);
  if (rollups) log.raw(`worker rollups (its own lag: event committed → folded into the totals): ${JSON.stringify(rollups)}`);
  for (const p of problems) log.raw(`${p.app} logged ${p.count} warning/error line(s), e.g.: ${p.sample[0]}`);

  const file = writeResults('sync-lag', {
    bench: 'sync-lag',
    at: new Date().toISOString(),
    machine: await machineInfo(db),
    code: await gitInfo(),
    cpuDuringBurst: cpu,
    loadAverageBeforeBurst: loadBefore,
    dbSessionsDuringBurst: { samples, averageCount: sessions },
    settings: { asDeployed: deviations.length === 0, deviations, nodeEnv: session.env.NODE_ENV },
    params: {
      period: PERIOD,
      councils: units.length,
      byLevel,
      concurrency,
      districtDbPool: districtPool ?? 'default (20)',
      pollIntervalMs: pollInterval,
      warmupReports: warmup,
      metricsPerReport: Object.keys(metricValuesFor('CITY', 0)).length,
    },
    burst: { seconds: submitSeconds, perSecond: units.length / submitSeconds, answersPerSecond: timeline.map((t) => t?.ok ?? 0) },
    lagMs: { httpPoll: S.poll, httpPollLowerBound: S.pollStart, queryOnFiguresChanged: S.screen, ownMessage: S.redis },
    submitLatencyMs: S.submit,
    breakdownMs: P,
    pollMs: { ...poll, failed: pollErrors, quiet: summarize(idlePolls) },
    lastSubmissionToAllVisibleMs: { httpPoll: lastVisibleAfterLast, queryOnFiguresChanged: screenAllAfterLast },
    figuresChangedMessages: {
      forPeriod: periodMessages.length,
      firstAfterLastSubmissionMs: firstMsgAfterLast ? firstMsgAfterLast.at - lastAnswerAt : null,
      screenQueries,
    },
    targets: { p95UnderMs: TARGET_P95_MS, p95Met: p95ok, allVisibleWithinMs: TARGET_ALL_MS, allVisibleMet: allOk },
    checks,
    reconciliation: recon,
    workerOutbox: outbox,
    workerRollups: rollups,
    appProblems: problems,
  });
  log.info(`Results written to ${file}.`);
  return checks.every((c) => c.ok) ? 0 : 1;
});

/** A report for unit number i: 20 metrics, all plausible; the tracked metric's value is distinct per unit. */
function reportInput(unit, period, i) {
  const values = Object.entries(metricValuesFor(unit.level, i)).map(([metric, value]) => ({ metric, value }));
  return { unitCode: unit.code, period, values, highlights: `Bench ${period} ${unit.code}` };
}
