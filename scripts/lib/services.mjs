// ensureServices(): PostgreSQL and Redis must answer before anything else runs.
// A service that is down is started only when its URL is the local default the machine's own
// PostgreSQL cluster / Redis would serve, and the binaries exist; otherwise the user is told what to do.
// pg and ioredis are imported lazily: ensureDependencies() may just have installed them.
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { isLocalHost, platformEnv, redactUrl } from './env.mjs';
import { Fatal } from './log.mjs';
import { capture } from './proc.mjs';

const PROBE_TIMEOUT_MS = 3000;
const START_WAIT_MS = 30_000;
const LOCAL_REDIS_PORT = 6379;

/** Where DATABASE_URL points: host, port and the URL of its `postgres` maintenance database. */
export function postgresTarget(databaseUrl) {
  let url;
  try {
    url = new URL(databaseUrl);
  } catch {
    const socket = /^postgres(ql)?:\/\/([^/]*@)?\//.test(databaseUrl);
    throw new Fatal(
      `DATABASE_URL is not a valid URL: ${redactUrl(databaseUrl)}\n` +
        (socket
          ? 'For a Unix socket, name a host and pass the socket directory as host=, e.g.\n  DATABASE_URL=postgres://postgres@localhost/council?host=/var/run/postgresql'
          : 'Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/council'),
    );
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) {
    throw new Fatal(`DATABASE_URL must start with postgres:// (got ${url.protocol}//).`);
  }
  const host = url.searchParams.get('host') || decodeURIComponent(url.hostname) || 'localhost';
  const port = Number(url.port || url.searchParams.get('port') || 5432);
  return { url, host, port, where: host.startsWith('/') ? `${host} (port ${port})` : `${host}:${port}` };
}

export function databaseUrlFor(databaseUrl, database) {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function redisTarget(redisUrl) {
  let url;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new Fatal(`REDIS_URL is not a valid URL: ${redisUrl}\nExample: REDIS_URL=redis://127.0.0.1:6379`);
  }
  if (!/^rediss?:$/.test(url.protocol)) throw new Fatal(`REDIS_URL must start with redis:// or rediss:// (got ${url.protocol}//).`);
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(url.port || LOCAL_REDIS_PORT);
  return { url, host, port, where: `${host}:${port}` };
}

const withTimeout = (promise, ms, what) =>
  Promise.race([
    promise,
    sleep(ms, undefined, { ref: false }).then(() => {
      throw Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' });
    }),
  ]);

/** Opens a pg client on the server of databaseUrl, maintenance database `postgres` (template1 if absent). */
export async function connectAdmin(databaseUrl, { timeoutMs = PROBE_TIMEOUT_MS } = {}) {
  const { default: pg } = await import('pg');
  let lastError;
  for (const db of ['postgres', 'template1']) {
    const client = new pg.Client({ connectionString: databaseUrlFor(databaseUrl, db), connectionTimeoutMillis: timeoutMs });
    client.on('error', () => {});
    try {
      await withTimeout(client.connect(), timeoutMs + 500, 'PostgreSQL connection');
      return client;
    } catch (err) {
      lastError = err;
      await client.end().catch(() => {});
      if (err.code !== '3D000') break; // only "database does not exist" is worth another try
    }
  }
  throw lastError;
}

function classifyPgError(err) {
  const code = err?.code;
  if (['28P01', '28000'].includes(code)) return 'auth';
  if (['57P03', 'ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'ENOTFOUND'].includes(code))
    return 'down';
  if (/timeout|terminated/i.test(String(err?.message))) return 'down';
  return 'other';
}

/** The oldest servers the platform runs on, as the README says: what the tests run on, and what BullMQ needs. */
export const MIN_POSTGRES = [15];
export const MIN_REDIS = [6, 2];

/** Whether a server's version string ("15.20 (Debian …)", "7.0.15") is older than `min`; an unreadable one is not. */
export function versionBelow(version, min) {
  const parts = /^(\d+)(?:\.(\d+))?/.exec(String(version));
  if (!parts) return false;
  const [major, minor = 0] = [Number(parts[1]), Number(parts[2] ?? 0)];
  return major < min[0] || (major === min[0] && minor < (min[1] ?? 0));
}

async function probePostgres(databaseUrl) {
  try {
    const client = await connectAdmin(databaseUrl);
    try {
      const { rows } = await client.query('SHOW server_version');
      return { ok: true, version: rows[0].server_version };
    } finally {
      await client.end().catch(() => {});
    }
  } catch (err) {
    return { ok: false, kind: classifyPgError(err), reason: err.message || err.code || String(err) };
  }
}

async function probeRedis(redisUrl) {
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  let lastError = null;
  client.on('error', (err) => (lastError = err));
  try {
    await withTimeout(client.connect(), PROBE_TIMEOUT_MS + 500, 'Redis connection');
    const pong = await withTimeout(client.ping(), PROBE_TIMEOUT_MS, 'Redis PING');
    if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
    const info = await client.info('server').catch(() => '');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown version';
    let policy = null;
    try {
      const reply = await client.config('GET', 'maxmemory-policy');
      policy = Array.isArray(reply) ? reply[1] : reply?.['maxmemory-policy'];
    } catch {
      policy = null; // managed Redis often disables CONFIG
    }
    return { ok: true, version, policy };
  } catch (err) {
    // ioredis reports "Connection is closed." to the caller; the socket error says why.
    const e = lastError && /closed|writeable/i.test(String(err?.message)) ? lastError : err;
    const message = e.message || e.code || String(e);
    const kind = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(message) ? 'auth' : 'down';
    return { ok: false, kind, reason: message };
  } finally {
    client.disconnect();
  }
}

const hasCommand = async (cmd) => (await capture('sh', ['-c', `command -v ${cmd}`])).code === 0;

/** How to start the local PostgreSQL serving this target, or why we will not. */
async function localPostgresPlan(target) {
  if (!isLocalHost(target.host)) return { why: `DATABASE_URL points at ${target.where}, not at this machine` };
  if (!fs.existsSync('/etc/postgresql') || !(await hasCommand('pg_ctlcluster')) || !(await hasCommand('pg_lsclusters'))) {
    return { why: 'no local PostgreSQL installation was found (pg_ctlcluster, /etc/postgresql)' };
  }
  const { code, output } = await capture('pg_lsclusters', ['--no-header']);
  if (code !== 0) return { why: `pg_lsclusters failed: ${output.trim()}` };
  const clusters = output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([version, name, port, status]) => ({ version, name, port: Number(port), status }));
  const cluster = clusters.find((c) => c.port === target.port);
  if (!cluster) {
    const known = clusters.map((c) => `${c.version}/${c.name} on port ${c.port}`).join(', ') || 'none';
    return { why: `no local PostgreSQL cluster is configured for port ${target.port} (clusters: ${known})` };
  }
  if (cluster.status.startsWith('online')) {
    return { why: `cluster ${cluster.version}/${cluster.name} is already running but does not accept the connection` };
  }
  return {
    label: `PostgreSQL cluster ${cluster.version}/${cluster.name}`,
    command: ['pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start']],
  };
}

/** How to start the local Redis for this target, or why we will not. */
async function localRedisPlan(target) {
  if (!isLocalHost(target.host)) return { why: `REDIS_URL points at ${target.where}, not at this machine` };
  if (target.port !== LOCAL_REDIS_PORT) {
    return { why: `REDIS_URL uses port ${target.port}; only the local default port ${LOCAL_REDIS_PORT} is started automatically` };
  }
  if (target.url.protocol === 'rediss:' || target.url.password) return { why: 'REDIS_URL uses TLS or a password' };
  if (!(await hasCommand('redis-server'))) return { why: 'redis-server is not installed' };
  let dir = '/var/lib/redis';
  let logfile = '/var/log/redis/ci.log';
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync('/var/log/redis', { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    fs.accessSync('/var/log/redis', fs.constants.W_OK);
  } catch {
    dir = os.tmpdir(); // not root: keep Redis' files in the temp directory
    logfile = `${os.tmpdir()}/redis-council.log`;
  }
  return {
    label: 'Redis',
    command: [
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '-::1',
        '--port',
        String(LOCAL_REDIS_PORT),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--logfile',
        logfile,
      ],
    ],
  };
}

async function startAndWait(plan, probe, log) {
  const [cmd, args] = plan.command;
  log.info(`${plan.label} is not running: starting it (${cmd} ${args.map((a) => (a === '' ? '""' : a)).join(' ')})`);
  const { code, output } = await capture(cmd, args, { timeoutMs: 60_000 });
  if (code !== 0)
    return { ok: false, kind: 'down', reason: `${cmd} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}` };
  const deadline = Date.now() + START_WAIT_MS;
  let state;
  do {
    state = await probe();
    if (state.ok) {
      log.ok(`${plan.label} started.`);
      return state;
    }
    await sleep(500);
  } while (Date.now() < deadline);
  return { ...state, reason: `started, but still not answering after ${START_WAIT_MS / 1000} s: ${state.reason}` };
}

const COMPOSE_ENV =
  'export POSTGRES_PASSWORD=council-dev JWT_SECRET=dev-only-secret OPERATOR_TOKEN=dev-only-operator-token-0000 SEED_PASSWORD=council-dev';

function postgresAdvice(target, state, why) {
  if (state.kind === 'auth') {
    return [
      `PostgreSQL at ${target.where} refused the connection: ${state.reason}`,
      'The server is up but does not accept the user/password in DATABASE_URL.',
      'Set DATABASE_URL with a user and password this server accepts, e.g.',
      '    export DATABASE_URL=postgres://postgres:PASSWORD@127.0.0.1:5432/council',
      'or, on a local Debian/Ubuntu server, give the postgres user a password:',
      `    su postgres -c "psql -c \\"ALTER USER postgres PASSWORD 'council-dev'\\""`,
    ];
  }
  const lines = [`PostgreSQL is not reachable at ${target.where}: ${state.reason}`];
  if (state.kind === 'other') lines[0] = `PostgreSQL at ${target.where} answered with an error: ${state.reason}`;
  if (why) lines.push(`(Not started automatically: ${why}.)`);
  lines.push(
    'The platform needs PostgreSQL (15 or newer). Any one of these will do:',
    '  1. Docker (compose reads every variable of the file, hence the export):',
    `       ${COMPOSE_ENV}`,
    '       docker compose -f docker/compose.yml up -d postgres redis',
    '       export DATABASE_URL=postgres://postgres:council-dev@127.0.0.1:5432/council',
    '  2. Debian/Ubuntu, as root:',
    '       apt-get install -y postgresql redis-server',
    '       pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    `       su postgres -c "psql -c \\"ALTER USER postgres PASSWORD 'council-dev'\\""`,
    '       export DATABASE_URL=postgres://postgres:council-dev@127.0.0.1:5432/council',
    '  3. A PostgreSQL server you already have:',
    '       export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/council',
  );
  return lines;
}

function redisAdvice(target, state, why) {
  if (state.kind === 'auth') {
    return [
      `Redis at ${target.where} refused the connection: ${state.reason}`,
      'Put the right password in REDIS_URL, e.g. export REDIS_URL=redis://:PASSWORD@HOST:6379',
    ];
  }
  const lines = [`Redis is not reachable at ${target.where}: ${state.reason}`];
  if (why) lines.push(`(Not started automatically: ${why}.)`);
  lines.push(
    'The platform needs Redis (6.2 or newer, maxmemory-policy noeviction). Any one of these will do:',
    '  1. Docker (compose reads every variable of the file, hence the export):',
    `       ${COMPOSE_ENV}`,
    '       docker compose -f docker/compose.yml up -d postgres redis',
    '       export REDIS_URL=redis://127.0.0.1:6379',
    '  2. Debian/Ubuntu, as root:',
    '       apt-get install -y postgresql redis-server',
    '       redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
    '       export REDIS_URL=redis://127.0.0.1:6379',
    '  3. A Redis server you already have:',
    '       export REDIS_URL=redis://[:PASSWORD@]HOST:6379',
  );
  return lines;
}

/**
 * Checks PostgreSQL and Redis; starts the local ones when allowed and possible.
 * Throws Fatal (exit 1, no stack trace) with instructions when one is still unavailable.
 */
export async function ensureServices({ start = false, log, env = platformEnv() } = {}) {
  const pg = postgresTarget(env.DATABASE_URL);
  const redis = redisTarget(env.REDIS_URL);
  const probePg = () => probePostgres(env.DATABASE_URL);
  const probeRd = () => probeRedis(env.REDIS_URL);

  let [pgState, redisState] = await Promise.all([probePg(), probeRd()]);
  let pgWhy = start ? null : 'this script does not start services';
  let redisWhy = pgWhy;

  if (!pgState.ok && pgState.kind === 'down' && start) {
    const plan = await localPostgresPlan(pg);
    if (plan.command) pgState = await startAndWait(plan, probePg, log);
    else pgWhy = plan.why;
  }
  if (!redisState.ok && redisState.kind === 'down' && start) {
    const plan = await localRedisPlan(redis);
    if (plan.command) redisState = await startAndWait(plan, probeRd, log);
    else redisWhy = plan.why;
  }

  const problems = [];
  if (!pgState.ok) problems.push(postgresAdvice(pg, pgState, pgWhy));
  else if (versionBelow(pgState.version, MIN_POSTGRES))
    problems.push([
      `PostgreSQL ${pgState.version} at ${pg.where} is too old: the platform needs ${MIN_POSTGRES.join('.')} or later (README).`,
    ]);
  if (!redisState.ok) problems.push(redisAdvice(redis, redisState, redisWhy));
  else if (versionBelow(redisState.version, MIN_REDIS))
    problems.push([
      `Redis ${redisState.version} at ${redis.where} is too old: the platform needs ${MIN_REDIS.join('.')} or later (BullMQ; README).`,
    ]);
  if (problems.length) throw new Fatal(problems.map((p) => p.join('\n')).join('\n\n'));

  log.ok(`PostgreSQL ${pgState.version} at ${pg.where} ✓   Redis ${redisState.version} at ${redis.where} ✓`);
  if (redisState.policy === null) {
    log.warn('Could not read Redis maxmemory-policy (CONFIG disabled?). BullMQ needs it to be noeviction.');
  } else if (redisState.policy !== 'noeviction') {
    log.warn(
      `Redis maxmemory-policy is "${redisState.policy}", BullMQ needs "noeviction" (queued jobs may be evicted).\n` +
        `Fix: redis-cli -u ${redactUrl(env.REDIS_URL)} CONFIG SET maxmemory-policy noeviction (and set it in redis.conf).`,
    );
  }
  return { postgres: pgState, redis: redisState };
}
