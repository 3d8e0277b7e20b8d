#!/usr/bin/env node
// submitReport throughput and latency (issue #3): target ≥ 400 submissions/s with p99 < 100 ms on 2 cores.
//
//   npm run build && node bench/submit-report.mjs [--reports 3000] [--clients 20] [--seconds 10]
//                                                  [--warmup 200] [--seed 1] [--keep] [--profile]
//
// Needs the platform's PostgreSQL and Redis (DATABASE_URL, REDIS_URL as for npm start). Creates its own
// database council_bench_<random> and queue prefix bench-<random>, starts the built district-api on a free
// port, signs in (`city` for the city council, `d<code>` for each district and its communes), then:
//   1. warm-up: trivial queries and --warmup submissions (not counted);
//   2. baseline: --clients concurrent clients sending `{ metrics { code } }` for --seconds;
//   3. submit: --clients concurrent clients submitting --reports distinct reports (unit × quarter over every
//      council of Hanoi and 2021Q3..2024Q4, all 20 metrics each) with an idempotency key;
//   4. the same with the account cache off: district-api restarted with USER_CACHE_SECONDS=0 (the guard reads the
//      account from PostgreSQL on every request, as before issue 16) and --reports other reports — what the cache saves.
// Prints a table, writes bench/results/submit-report.json, stops the app and drops the database.
// --profile runs the app with --cpu-prof (bench/results/profile/*.cpuprofile) and prints where its CPU went during the submitReport phase.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { ROOT } from '../scripts/lib/env.mjs';
import { closedLoop, timedGraphQL } from './lib/load.mjs';
import { BenchPlatform, cpuSeconds, machineCpu } from './lib/platform.mjs';
import { summarize, table } from './lib/stats.mjs';
import { prng, quarters, realisticValues, shuffle } from './lib/values.mjs';

const { values: opts } = parseArgs({
  options: {
    reports: { type: 'string', default: '3000' },
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(
    fs
      .readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('//'))
      .map((l) => l.slice(3))
      .join('\n'),
  );
  process.exit(0);
}
const int = (name, min) => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
};
const REPORTS = int('reports', 1);
const CLIENTS = int('clients', 1);
const SECONDS = int('seconds', 1);
const WARMUP = int('warmup', 0);
const SEED = int('seed', 0);
const QUARTERS = quarters('2021Q3', '2024Q4');
const TARGET = { submissionsPerSecond: 400, p99Ms: 100 };

const log = (msg) => console.log(`[bench] ${msg}`);
const bench = new BenchPlatform({ log });
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: cleaning up…`);
    await bench.cleanUp({ keep: opts.keep });
    process.exit(130);
  });
}

const SUBMIT =
  'mutation Submit($input: ReportInput!, $key: String) { submitReport(input: $input, idempotencyKey: $key) { id version status } }';
const TRIVIAL = '{ metrics { code } }';

async function login(endpoint, username) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
      variables: { u: username, p: bench.platform.SEED_PASSWORD },
    }),
  });
  const body = await res.json();
  if (!body.data?.login) throw new Error(`sign-in as ${username} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

/** CPU seconds of each PostgreSQL backend serving the bench database (the database's share of the work), ours excluded. */
async function backendCpu(admin) {
  const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [bench.dbName]);
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid) ?? 0]));
}

/** User and system (kernel) CPU seconds of a process, from /proc (Linux); null elsewhere. */
function cpuSplit(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return null;
  }
}

/** Monotonic microseconds: the clock V8's CPU profiles are stamped with (CLOCK_MONOTONIC on Linux), so phases can be cut out of them. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const phaseWindows = {};

/**
 * Runs a phase and measures where the CPU went, in % of one core: the app, its PostgreSQL backends,
 * this load generator, and the whole machine (100% × cores = saturated; the rest is other work).
 */
async function phase(name, run, admin) {
  const before = {
    app: cpuSeconds(bench.pid),
    appSplit: cpuSplit(bench.pid),
    pg: await backendCpu(admin),
    client: process.cpuUsage(),
    machine: machineCpu(),
  };
  const fromUs = monotonicUs();
  const { samples, wallMs } = await run();
  phaseWindows[name] = { fromUs, toUs: monotonicUs() };
  const after = {
    app: cpuSeconds(bench.pid),
    appSplit: cpuSplit(bench.pid),
    pg: await backendCpu(admin),
    client: process.cpuUsage(before.client),
    machine: machineCpu(),
  };
  bench.assertRunning();
  const pct = (seconds) => (seconds == null || Number.isNaN(seconds) ? null : Math.round((seconds / (wallMs / 1000)) * 100));
  let pgSeconds = 0;
  for (const [pid, cpu] of after.pg) pgSeconds += cpu - (before.pg.get(pid) ?? 0);
  const cpu = {
    serverCpuPercent: before.app == null || after.app == null ? null : pct(after.app - before.app),
    postgresCpuPercent: pct(pgSeconds),
    clientCpuPercent: pct((after.client.user + after.client.system) / 1e6),
    machineBusyPercent:
      before.machine && after.machine
        ? Math.round(((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) * 100 * os.cpus().length)
        : null,
  };
  // CPU time per request is what a busy machine distorts least: it bounds the throughput of dedicated cores.
  const perRequest = (percent) =>
    percent == null || !samples.length ? null : Math.round((percent / 100) * (wallMs / samples.length) * 100) / 100;
  const appMs = perRequest(cpu.serverCpuPercent);
  // The kernel's share of the app's CPU (socket reads and writes: one per PostgreSQL round trip and per answer).
  const appSystemMs =
    before.appSplit && after.appSplit && samples.length
      ? Math.round(((after.appSplit.system - before.appSplit.system) * 1000 * 100) / samples.length) / 100
      : null;
  const pgMs = perRequest(cpu.postgresCpuPercent);
  const ceiling = appMs != null && pgMs != null && appMs + pgMs > 0 ? Math.round((os.cpus().length * 1000) / (appMs + pgMs)) : null;
  return summarize(name, samples, wallMs, {
    ...cpu,
    appCpuMsPerRequest: appMs,
    appSystemCpuMsPerRequest: appSystemMs,
    postgresCpuMsPerRequest: pgMs,
    cpuBoundRequestsPerSecond: ceiling,
  });
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
  await bench.prepare();
  const profileDir = path.join(ROOT, 'bench', 'results', 'profile');
  if (opts.profile) fs.mkdirSync(profileDir, { recursive: true });
  const endpoint = await bench.start({ nodeArgs: opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  log(`district-api (pid ${bench.pid}) at ${endpoint}`);

  // Sign in: the city, and each district's staff (who file for the district and, on their behalf, its communes).
  const cityToken = await login(endpoint, 'city');
  const unitsRes = await timedGraphQL(endpoint, cityToken, '{ councilUnits { code level hasCouncil parent { code } } }', {});
  if (unitsRes.error) throw new Error(`councilUnits: ${unitsRes.detail}`);
  const units = unitsRes.data.councilUnits.filter((u) => u.hasCouncil);
  const districtCodes = units.filter((u) => u.level === 'DISTRICT').map((u) => u.code);
  const tokens = new Map([['city', cityToken]]);
  for (let i = 0; i < districtCodes.length; i += 4) {
    await Promise.all(districtCodes.slice(i, i + 4).map(async (code) => tokens.set(`d${code}`, await login(endpoint, `d${code}`))));
  }
  const tokenFor = (u) => (u.level === 'CITY' ? cityToken : tokens.get(`d${u.level === 'DISTRICT' ? u.code : u.parent.code}`));

  const combos = units.flatMap((u) => QUARTERS.map((period) => ({ unit: u, period })));
  if (WARMUP + 2 * REPORTS > combos.length)
    throw new Error(`2 × --reports ${REPORTS} + --warmup ${WARMUP} exceeds the ${combos.length} unit × quarter combinations`);
  const r = prng(SEED);
  const chosen = shuffle(combos, r).slice(0, WARMUP + 2 * REPORTS);
  const submissions = chosen.map(({ unit, period }) => ({
    token: tokenFor(unit),
    variables: { input: { unitCode: unit.code, period, values: realisticValues(unit.level, r) }, key: randomUUID() },
  }));
  log(`${units.length} councils × ${QUARTERS.length} quarters; ${WARMUP} warm-up + ${REPORTS} measured submissions, ${CLIENTS} clients`);

  const queue = (list, make) => {
    let i = 0;
    return () => (i < list.length ? make(list[i++]) : null);
  };
  let target = endpoint;
  const submitTask = (s) => () => timedGraphQL(target, s.token, SUBMIT, s.variables);
  const trivialTask = () => timedGraphQL(target, cityToken, TRIVIAL, {});

  // 1. Warm-up: JIT, connection pools, caches.
  await closedLoop({ clients: CLIENTS, next: () => trivialTask, untilMs: 2000 });
  const warm = await closedLoop({ clients: CLIENTS, next: queue(submissions.slice(0, WARMUP), submitTask) });
  bench.assertRunning();
  const warmErrors = warm.samples.filter((s) => s.error);
  if (warmErrors.length) log(`warm-up: ${warmErrors.length} error(s), e.g. ${warmErrors[0].detail}`);

  const client = new pg.Client({ connectionString: bench.databaseUrl });
  await client.connect();

  // 2. Baseline: what the stack costs without any reporting work.
  const baseline = await phase(
    `baseline { metrics }`,
    () => closedLoop({ clients: CLIENTS, next: () => trivialTask, untilMs: SECONDS * 1000 }),
    client,
  );

  // 3. The real run.
  const submit = await phase(
    'submitReport',
    () => closedLoop({ clients: CLIENTS, next: queue(submissions.slice(WARMUP, WARMUP + REPORTS), submitTask) }),
    client,
  );

  // 4. The account cache off (USER_CACHE_SECONDS=0): the guard's per-request account read goes to PostgreSQL.
  await bench.stop();
  target = await bench.start({ env: { USER_CACHE_SECONDS: '0' } });
  log(`district-api restarted without the account cache (pid ${bench.pid})`);
  await closedLoop({ clients: CLIENTS, next: () => trivialTask, untilMs: 2000 });
  const uncached = await phase(
    'submitReport, no account cache',
    () => closedLoop({ clients: CLIENTS, next: queue(submissions.slice(WARMUP + REPORTS), submitTask) }),
    client,
  );

  // Everything acknowledged must be stored: versions and outbox rows.
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM district.report_version)::int AS versions, (SELECT count(*) FROM district.report_value)::int AS "values",
            (SELECT count(*) FROM district.outbox_event WHERE type = 'ReportSubmitted')::int AS outbox`,
  );
  await client.end();
  const acknowledged = warm.samples.filter((s) => !s.error).length + submit.ok + uncached.ok;
  const stored = {
    ...rows[0],
    acknowledged,
    consistent: rows[0].versions === acknowledged && rows[0].outbox === acknowledged && rows[0].values === acknowledged * 20,
  };

  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      // 1/5/15-minute load averages: above the CPU count, something else competed for the machine.
      loadBefore,
      loadAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
    settings: {
      reports: REPORTS,
      clients: CLIENTS,
      baselineSeconds: SECONDS,
      warmup: WARMUP,
      seed: SEED,
      valuesPerReport: 20,
      quarters: `${QUARTERS[0]}..${QUARTERS.at(-1)}`,
      councils: units.length,
    },
    baseline,
    submit,
    uncached,
    /** What the account cache saves per submission (negative: it costs). */
    accountCache: {
      p50Ms: Math.round((uncached.latencyMs.p50 - submit.latencyMs.p50) * 100) / 100,
      throughputRatio: Math.round((submit.okPerSecond / uncached.okPerSecond) * 1000) / 1000,
      postgresCpuMsPerRequest: Math.round(((uncached.postgresCpuMsPerRequest ?? 0) - (submit.postgresCpuMsPerRequest ?? 0)) * 100) / 100,
    },
    stored,
    appWarnings: {
      count: bench.warnings,
      last: bench.output
        .join('')
        .split('\n')
        .filter((l) => /\b(WARN|ERROR)\b/.test(l))
        .slice(-3)
        .map((l) => l.slice(0, 300)),
    },
    ratioToBaseline: Math.round((submit.okPerSecond / baseline.requestsPerSecond) * 1000) / 1000,
    target: {
      ...TARGET,
      met: submit.okPerSecond >= TARGET.submissionsPerSecond && submit.latencyMs.p99 < TARGET.p99Ms && submit.errors === 0,
    },
    note: 'Client, district-api, PostgreSQL and Redis share the machine; the load generator is one Node process with keep-alive fetch.',
  };

  console.log('');
  console.log(table([baseline, submit, uncached]));
  console.log('');
  for (const p of [baseline, submit, uncached])
    if (p.errors) console.log(`${p.phase}: errors ${JSON.stringify(p.errorsByCode)}; first: ${p.firstErrors.join(' | ')}`);
  if (bench.warnings) console.log(`the app logged ${bench.warnings} warning/error line(s), e.g. ${result.appWarnings.last[0]}`);
  console.log(
    `stored: ${stored.versions} versions, ${stored.values} values, ${stored.outbox} outbox rows for ${acknowledged} acknowledged submissions${stored.consistent ? ' ✓' : ' ✗ MISMATCH'}`,
  );
  console.log(
    `target ≥ ${TARGET.submissionsPerSecond} submissions/s with p99 < ${TARGET.p99Ms} ms: ${result.target.met ? 'met' : 'NOT met'} ` +
      `(${submit.okPerSecond}/s, p99 ${submit.latencyMs.p99} ms) on ${result.machine.cpus} CPU(s)`,
  );
  for (const p of [baseline, submit, uncached]) {
    if (p.cpuBoundRequestsPerSecond != null) {
      const kernel = p.appSystemCpuMsPerRequest == null ? '' : ` (${p.appSystemCpuMsPerRequest} ms of it in the kernel)`;
      console.log(
        `${p.phase}: ${p.appCpuMsPerRequest} ms app CPU${kernel} + ${p.postgresCpuMsPerRequest} ms PostgreSQL CPU per request → at most ~${p.cpuBoundRequestsPerSecond}/s on ${result.machine.cpus} dedicated cores`,
      );
    }
  }
  // On a shared machine the absolute rates move with the other work; their ratio, measured minutes apart, moves less.
  console.log(`submitReport / baseline throughput: ${(submit.okPerSecond / baseline.requestsPerSecond).toFixed(3)}`);
  console.log(
    `account cache: submitReport ${submit.okPerSecond}/s p50 ${submit.latencyMs.p50} ms with it, ${uncached.okPerSecond}/s p50 ${uncached.latencyMs.p50} ms without ` +
      `(×${result.accountCache.throughputRatio} throughput, ${result.accountCache.postgresCpuMsPerRequest} ms PostgreSQL CPU saved per request)`,
  );
  const busy = Math.max(loadBefore[0], result.machine.loadAfter[0]);
  console.log(
    `load average ${loadBefore[0]} before, ${result.machine.loadAfter[0]} after${busy > result.machine.cpus ? ' — the machine was busy with other work: figures are pessimistic' : ''}`,
  );

  const out = path.join(ROOT, 'bench', 'results', 'submit-report.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  log(`wrote ${path.relative(ROOT, out)} (${Math.round((Date.now() - started) / 1000)} s in all)`);
  return stored.consistent && submit.errors === 0 && uncached.errors === 0 ? 0 : 1;
}

/**
 * Where the app spent its CPU while submissions ran: self time by package and by function, and the
 * inclusive time of the functions of this repository (dist/), from the newest .cpuprofile, counting only
 * the samples taken during the submitReport phase (the whole run if the phase's window is unknown).
 * Idle samples are left out of the percentages: they are shares of the CPU the app used.
 */
function profileSummary(dir, window, top = 20) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  if (!files.length) return;
  const newest = files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  const prof = JSON.parse(fs.readFileSync(newest, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(ROOT + '/', '')}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'} ${where}`.trim();
  };
  const inWindow = window && window.fromUs >= prof.startTime && window.toUs <= prof.endTime;
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let at = prof.startTime;
  prof.samples.forEach((id, i) => {
    at += prof.timeDeltas[i] ?? 0;
    if (inWindow && (at < window.fromUs || at > window.toUs)) return;
    const us = prof.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next one
    const key = label(id);
    if (key.startsWith('(idle)')) return;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
    const seen = new Set();
    for (let cur = id; cur != null; cur = parent.get(cur)) {
      const k = label(cur);
      if (!seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + us);
      }
    }
  });
  if (!total) return;
  const byPackage = new Map();
  for (const [key, us] of self) {
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key)?.[1] ??
      /(dist\/[^/]+\/[^/]+)/.exec(key)?.[1] ??
      (key.startsWith('(') ? key.split(' ')[0] : 'node internals');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const pct = (us) => `${((us / total) * 100).toFixed(1)}%`.padStart(6);
  console.log(
    `\nprofile ${path.relative(ROOT, newest)}, ${inWindow ? 'submitReport phase only' : 'whole run'}: ${Math.round(total / 1000)} ms of CPU sampled`,
  );
  console.log('self time by package:');
  for (const [k, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pct(us)}  ${k}`);
  // A sampled stack shows where the thread was, not that it ran: a socket write that wakes PostgreSQL or the
  // client often hands the core over to it, and the wait is charged to writev (compare the kernel share above).
  console.log('self time by function (writev: mostly waiting for the core after waking the reader, not CPU):');
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
  console.log("inclusive time of this repository's functions:");
  for (const [k, us] of [...inclusive]
    .filter(([k]) => / dist\//.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(`  ${pct(us)}  ${k}`);
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[bench] ${err instanceof Error ? err.message : err}`);
} finally {
  if (!stopping) await bench.cleanUp({ keep: opts.keep });
}
if (opts.profile) {
  try {
    profileSummary(path.join(ROOT, 'bench', 'results', 'profile'), phaseWindows.submitReport);
  } catch (err) {
    console.error(`[bench] could not read the profile: ${err.message}`);
  }
}
process.exit(code);
