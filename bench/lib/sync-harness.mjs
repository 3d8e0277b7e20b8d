// Shared harness of the sync/statistics benchmarks (bench/sync-lag.mjs, bench/statistics-national.mjs):
// a database and a queue prefix of the bench's own, the apps as child processes on free ports, a small
// GraphQL client (node:http, keep-alive), percentiles, and a cleanup that always runs — on success,
// on failure and on Ctrl-C / SIGTERM — stopping the apps, dropping the database and deleting `<prefix>:*`.
// Everything reusable comes from scripts/lib (services, build, database, Redis, signals).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';

import { build, BUILD_OUTPUTS } from '../../scripts/lib/build.mjs';
import { createDatabase, dropDatabaseFamily } from '../../scripts/lib/database.mjs';
import { appEntry, DATABASE_CLI, platformEnv, redactUrl, ROOT } from '../../scripts/lib/env.mjs';
import { createLogger, Fatal, formatDuration } from '../../scripts/lib/log.mjs';
import { exitCodeForSignal, interrupted, onSignal, run, trapSignals } from '../../scripts/lib/proc.mjs';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis.mjs';
import { databaseUrlFor, ensureServices } from '../../scripts/lib/services.mjs';
import { postJson } from './http-client.mjs';
import { freePort, machineTicks, processTicks, TICKS_PER_S } from './machine.mjs';
import { percentile as sortedPercentile, textTable } from './stats.mjs';

export { Fatal, formatDuration, ROOT, sleep };

export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const BENCH_DB = /^council_bench_[0-9a-f]+$/;
const BENCH_PREFIX = /^bench-[0-9a-f]+$/;
const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 40;

/** Command-line flags: --name value / --name=value / --flag. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Fatal(`unexpected argument ${argv[i]}`);
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[m[1]] = argv[++i];
    else out[m[1]] = true;
  }
  return out;
}

export function intArg(args, name, fallback, min = 1) {
  if (args[name] === undefined) return fallback;
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) throw new Fatal(`--${name} must be a whole number ≥ ${min} (got ${args[name]})`);
  return n;
}

// ------------------------------------------------------------------ statistics

/** Nearest-rank percentile of an unsorted list (p in 0..100). */
export const percentile = (values, p) =>
  sortedPercentile(
    [...values].sort((a, b) => a - b),
    p,
  );

export function summarize(values) {
  if (!values.length) return { n: 0, min: null, p50: null, p95: null, p99: null, max: null, mean: null };
  const r = (x) => Math.round(x * 100) / 100;
  return {
    n: values.length,
    min: r(Math.min(...values)),
    p50: r(percentile(values, 50)),
    p95: r(percentile(values, 95)),
    p99: r(percentile(values, 99)),
    max: r(Math.max(...values)),
    mean: r(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

export const ms = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);

/** A fixed-width table for the terminal. */
export const table = textTable;

export function writeResults(name, data) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return path.relative(ROOT, file);
}

/** What the numbers were measured on (the machine is shared and small: say so beside every figure). */
export async function machineInfo(pool) {
  const os = await import('node:os');
  const info = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
  };
  if (pool) {
    const { rows } = await pool.query(
      `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb, current_setting('work_mem') AS wm, current_setting('jit') AS jit`,
    );
    Object.assign(info, { postgres: rows[0].v, sharedBuffers: rows[0].sb, workMem: rows[0].wm, jit: rows[0].jit });
  }
  return info;
}

// ------------------------------------------------------------------ GraphQL over HTTP

/**
 * POST a GraphQL operation (node:http, keep-alive: see http-client.mjs). Throws on errors, each marked with its
 * `kind`: 'socket' (no answer: refused, reset), 'http' (a status other than 2xx, or an answer that is not JSON),
 * 'graphql' (a 2xx answer with GraphQL errors, or without data).
 */
export async function gql(endpoint, query, variables = {}, token) {
  let res;
  try {
    res = await postJson(endpoint, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
  } catch (e) {
    throw Object.assign(new Error(`socket error from ${endpoint}: ${e.code ?? ''} ${e.message}`), { kind: 'socket', code: e.code });
  }
  const text = res.text;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw Object.assign(new Error(`HTTP ${res.status} from ${endpoint}: ${text.slice(0, 300)}`), { kind: 'http', status: res.status });
  }
  if (body.errors?.length || !body.data) {
    const e = body.errors?.[0];
    throw Object.assign(
      new Error(
        `GraphQL error from ${endpoint}: ${e?.message ?? text.slice(0, 300)} (${e?.extensions?.code ?? res.status}${e?.extensions?.field ? `, field ${e.extensions.field}` : ''})`,
      ),
      {
        kind: res.status >= 200 && res.status < 300 ? 'graphql' : 'http',
        status: res.status,
        code: e?.extensions?.code,
      },
    );
  }
  return body.data;
}

export async function login(endpoint, username, password = process.env.SEED_PASSWORD || 'council-dev') {
  const data = await gql(endpoint, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }', {
    u: username,
    p: password,
  });
  return data.login.accessToken;
}

/** Runs fn over items with at most `limit` in flight; resolves when all are done (rejections collected). */
export async function pool(items, limit, fn) {
  const errors = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (e) {
        errors.push({ item: items[i], error: e });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return errors;
}

// ------------------------------------------------------------------ processes

const require = createRequire(import.meta.url);

/** /health's details need the operator token; the apps the bench starts read the same environment. */
function operatorHeaders() {
  return { authorization: `Bearer ${require('../../dist/libs/core/src/config.js').loadConfig(process.env).operatorToken}` };
}

function healthOk(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', headers: operatorHeaders(), timeout: 3000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 ? body : null));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
  });
}

export async function health(port) {
  const body = await healthOk(port);
  try {
    return body ? JSON.parse(body) : null;
  } catch {
    return null;
  }
}

const PORT_VARS = {
  'city-api': 'CITY_API_PORT',
  'district-api': 'DISTRICT_API_PORT',
  'sync-worker': 'SYNC_WORKER_PORT',
  gateway: 'WEB_PORT',
};

// ------------------------------------------------------------------ the session

/**
 * One benchmark run: its own database `council_bench_<hex>` and queue prefix `bench-<hex>`, the apps it
 * starts, and the cleanup. `runBench(name, body)` is the entry point of each bench script.
 */
export class BenchSession {
  constructor(name) {
    this.name = name;
    this.log = createLogger(name);
    const hex = randomBytes(4).toString('hex');
    this.dbName = `council_bench_${hex}`;
    this.queuePrefix = `bench-${hex}`;
    if (!BENCH_DB.test(this.dbName) || !BENCH_PREFIX.test(this.queuePrefix)) throw new Error('bad bench names');
    this.platform = platformEnv();
    if (this.dbName === this.platform.QUEUE_PREFIX || this.queuePrefix === this.platform.QUEUE_PREFIX)
      throw new Error('bench names collide with the platform');
    this.databaseUrl = databaseUrlFor(this.platform.DATABASE_URL, this.dbName);
    // Every database variable points at the bench database: a DISTRICT_/CITY_DATABASE_URL in the
    // caller's environment must not send the apps to a real one.
    this.env = {
      ...this.platform,
      NODE_ENV: 'development',
      DATABASE_URL: this.databaseUrl,
      DISTRICT_DATABASE_URL: this.databaseUrl,
      CITY_DATABASE_URL: this.databaseUrl,
      QUEUE_PREFIX: this.queuePrefix,
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    };
    this.apps = [];
    this.closers = [];
    this.dbCreated = false;
    this.cleaned = null;
    this.logDir = path.join(RESULTS_DIR, 'logs');
  }

  /** PostgreSQL and Redis up (started locally when possible), the build current, the database prepared. */
  /**
   * Run the apps as in production (NODE_ENV=production: graphql-js without its development checks,
   * introspection off, production config checks). Call before setup(). The database is prepared in
   * development mode, so the development users exist, with a password of this run's own; they are then
   * marked as ordinary accounts (production refuses to start with development seed users), the JWT
   * secret is random, and the database URLs carry a password (ignored by a trust-auth server).
   */
  useProduction() {
    this.production = true;
    this.seedPassword = randomBytes(12).toString('hex');
    process.env.SEED_PASSWORD = this.seedPassword; // what login() signs in with
    const withPassword = (value) => {
      const u = new URL(value);
      if (!u.password) u.password = randomBytes(8).toString('hex');
      return u.toString();
    };
    const url = withPassword(this.databaseUrl);
    Object.assign(this.env, { SEED_PASSWORD: this.seedPassword, DATABASE_URL: url, DISTRICT_DATABASE_URL: url, CITY_DATABASE_URL: url });
  }

  /** `demo`: with the demo year of Hanoi reports `npm start` loads (what the web app's pages show). */
  async setup({ units = 'hanoi', skipBuild = false, demo = false } = {}) {
    await ensureServices({ start: true, log: this.log, env: this.platform });
    if (!skipBuild) await build({ log: this.log, expect: BUILD_OUTPUTS });
    this.log.info(`Bench database ${this.dbName}, queue prefix ${this.queuePrefix} (Redis ${redactUrl(this.env.REDIS_URL)}).`);
    this.dbCreated = true; // from here on the cleanup drops it, whatever happens
    await createDatabase(this.platform.DATABASE_URL, this.dbName);
    this.checkInterrupted();
    const started = Date.now();
    const args = [DATABASE_CLI, 'prepare', '--units', units, ...(demo ? ['--demo'] : [])];
    const code = await run(process.execPath, args, { env: this.env });
    this.checkInterrupted();
    if (code !== 0) throw new Fatal(`node ${args.join(' ')} exited with ${code}`);
    if (this.production) {
      const client = new pg.Client({ connectionString: this.databaseUrl });
      await client.connect();
      try {
        await client.query(`UPDATE auth.user_account SET dev_seed = false`);
      } finally {
        await client.end();
      }
      Object.assign(this.env, { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') });
    }
    this.log.info(`Database prepared (${units}) in ${formatDuration(Date.now() - started)}.`);
  }

  checkInterrupted() {
    if (interrupted()) throw new Fatal(`Interrupted (${interrupted()}).`, { exitCode: exitCodeForSignal(interrupted()) });
  }

  /** Something to close before the database is dropped (pg pools, Redis clients). */
  onCleanup(fn) {
    this.closers.push(fn);
  }

  /** Starts an app (dist/apps/<name>/src/main.js) on a free port; resolves once /health answers 200. */
  async startApp(name, { env = {}, label = name, timeoutMs = 90_000 } = {}) {
    const port = await freePort();
    fs.mkdirSync(this.logDir, { recursive: true });
    const logFile = path.join(this.logDir, `${this.name}-${label}.log`);
    const out = fs.openSync(logFile, 'w');
    // BENCH_NODE_ARGS: extra node flags for the apps (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"; NODE_OPTIONS refuses --cpu-prof).
    const nodeArgs = (process.env.BENCH_NODE_ARGS || '').split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, appEntry(name)], {
      cwd: ROOT,
      env: { ...this.env, ...env, [PORT_VARS[name]]: String(port), NO_COLOR: '1' },
      stdio: ['ignore', out, out],
      detached: true, // its own process group: the terminal's Ctrl-C reaches only us, we stop it
    });
    fs.closeSync(out);
    const app = {
      name,
      label,
      port,
      url: `http://127.0.0.1:${port}`,
      graphql: `http://127.0.0.1:${port}/graphql`,
      child,
      logFile,
      done: false,
    };
    app.exited = new Promise((resolve) => {
      child.once('error', (err) => resolve({ code: 1, signal: null, err }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    }).then((r) => {
      app.done = true;
      return r;
    });
    this.apps.push(app);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.checkInterrupted();
      if (app.done) throw new Fatal(`${label} exited before becoming healthy; its last lines:\n${this.tail(app)}`);
      if (await healthOk(port)) return app;
      await sleep(200);
    }
    throw new Fatal(`${label} did not answer /health within ${timeoutMs / 1000} s; its last lines:\n${this.tail(app)}`);
  }

  tail(app, n = TAIL_LINES) {
    try {
      return fs
        .readFileSync(app.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-n)
        .map((l) => `  ${l}`)
        .join('\n');
    } catch {
      return '  (no output)';
    }
  }

  /** Warnings and errors the apps logged (their logs run at LOG_LEVEL=warn). */
  appProblems() {
    const out = [];
    for (const app of this.apps) {
      let text;
      try {
        text = fs.readFileSync(app.logFile, 'utf8');
      } catch {
        continue;
      }
      // Short lines say WARN/ERROR/FATAL; JSON lines (LOG_FORMAT=json, production's default) give pino's level 40/50/60.
      const lines = text.split('\n').filter((l) => /\b(WARN|ERROR|FATAL)\b|^\{"level":[456]0,/.test(l));
      if (lines.length) out.push({ app: app.label, count: lines.length, sample: lines.slice(0, 5) });
    }
    return out;
  }

  signalApp(app, sig) {
    try {
      process.kill(-app.child.pid, sig);
    } catch {
      try {
        app.child.kill(sig);
      } catch {
        /* gone */
      }
    }
  }

  async stopApps() {
    const live = this.apps.filter((a) => !a.done);
    for (const app of live) this.signalApp(app, 'SIGTERM');
    const timer = setTimeout(() => {
      for (const app of live) if (!app.done) this.signalApp(app, 'SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(live.map((a) => a.exited));
    clearTimeout(timer);
  }

  /** Idempotent: stop the apps, close clients, drop the database, delete the Redis keys. */
  cleanup() {
    this.cleaned ??= (async () => {
      await this.stopApps().catch((e) => this.log.warn(`stopping the apps: ${e.message}`));
      for (const fn of this.closers.reverse())
        await Promise.resolve()
          .then(fn)
          .catch(() => {});
      if (process.env.KEEP_BENCH_DB === '1') {
        this.log.info(`KEEP_BENCH_DB=1: kept database ${this.dbName} and Redis keys ${this.queuePrefix}:*`);
        return;
      }
      if (this.dbCreated) {
        try {
          await dropDatabaseFamily(this.platform.DATABASE_URL, this.dbName);
        } catch (e) {
          this.log.warn(`Could not drop ${this.dbName}: ${e.message}`);
        }
      }
      try {
        const n = await deleteKeysWithPrefix(this.env.REDIS_URL, this.queuePrefix);
        this.log.info(`Cleaned up: dropped ${this.dbName}, deleted ${n} Redis key(s) ${this.queuePrefix}:*.`);
      } catch (e) {
        this.log.warn(`Could not delete Redis keys ${this.queuePrefix}:*: ${e.message}`);
      }
    })();
    return this.cleaned;
  }
}

/** The entry point of a bench: runs body(session), always cleans up, exits with 0 / 1 / 128+signal. */
export function runBench(name, body) {
  const session = new BenchSession(name);
  trapSignals();
  onSignal((signal, first) => {
    if (!first) return;
    session.log.warn(`${signal} received: stopping the apps and cleaning up…`);
    session.cleanup().finally(() => process.exit(exitCodeForSignal(signal)));
  });
  process.once('exit', () => {
    for (const app of session.apps) if (!app.done) session.signalApp(app, 'SIGKILL');
  });
  (async () => {
    let code;
    try {
      code = (await body(session)) ?? 0;
    } catch (err) {
      if (interrupted()) return new Promise(() => {}); // the signal handler cleans up and exits
      if (err instanceof Fatal) {
        session.log.error(err.message);
        code = err.exitCode;
      } else {
        session.log.error(err?.stack ?? String(err));
        code = 1;
      }
    }
    if (interrupted()) return new Promise(() => {});
    await session.cleanup();
    process.exit(code);
  })();
}

// ------------------------------------------------------------------ where the time goes

/** The commit measured (and whether the work tree had changes): the code under test moves fast. */
export async function gitInfo() {
  const { capture } = await import('../../scripts/lib/proc.mjs');
  const head = await capture('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
  const dirty = await capture('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: ROOT });
  return {
    commit: head.code === 0 ? head.output.trim() : null,
    appsOrLibsModified: dirty.code === 0 ? dirty.output.trim().length > 0 : null,
  };
}

function postgresTicks() {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      sum += processTicks(pid) ?? 0;
    } catch {
      /* gone */
    }
  }
  return sum;
}

/** CPU snapshot of the apps, every postgres process (all databases) and the machine; diff two with cpuUsage. */
export function cpuSnapshot(apps) {
  if (process.platform !== 'linux') return null;
  return {
    at: Date.now(),
    apps: Object.fromEntries(apps.map((a) => [a.label, processTicks(a.child.pid)])),
    postgres: postgresTicks(),
    bench: process.cpuUsage(),
    machine: machineTicks(),
  };
}

/** Cores used on average between two snapshots, per process group. */
export function cpuUsage(a, b) {
  if (!a || !b) return null;
  const s = (b.at - a.at) / 1000;
  const cores = (ticks) => Math.round((ticks / TICKS_PER_S / s) * 100) / 100;
  const out = { seconds: Math.round(s * 100) / 100 };
  for (const k of Object.keys(a.apps)) out[k] = a.apps[k] === null || b.apps[k] === null ? null : cores(b.apps[k] - a.apps[k]);
  out['postgres (all databases)'] = cores(b.postgres - a.postgres);
  out['bench process'] = Math.round(((b.bench.user + b.bench.system - a.bench.user - a.bench.system) / 1e6 / s) * 100) / 100;
  const total = b.machine.total - a.machine.total;
  const os = { cpus: (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm) ?? []).length || 1 };
  out['machine busy'] = total ? Math.round(((total - (b.machine.idle - a.machine.idle)) / total) * os.cpus * 100) / 100 : null;
  out['machine cores'] = os.cpus;
  return out;
}
