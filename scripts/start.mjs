#!/usr/bin/env node
// npm start: dependencies → PostgreSQL/Redis (started locally when possible) → build → database with demo
// data → the three apps, their output prefixed with the app's name → wait for /health → banner.
// Ctrl-C / SIGTERM stops the apps (SIGTERM, SIGKILL after 10 s). An app that dies stops the others (exit 1).
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import process from 'node:process';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import { build, BUILD_OUTPUTS } from './lib/build.mjs';
import { databaseName, prepareDatabase } from './lib/database.mjs';
import { ensureDependencies } from './lib/deps.mjs';
import { appEntry, APPS, DEFAULTS, platformEnv, ROOT } from './lib/env.mjs';
import { createLogger, Fatal, formatDuration, paint, runMain } from './lib/log.mjs';
import { exitCodeForSignal, interrupted, onSignal, trapSignals } from './lib/proc.mjs';
import { ensureServices } from './lib/services.mjs';

const log = createLogger('start');
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 30;
/** The demo's backlog counts as applied once the worker has applied nothing for this long (at most CATCH_UP_MAX_MS). */
const CATCH_UP_QUIET_MS = 2_000;
const CATCH_UP_MAX_MS = 180_000;
/** The worker's line for each event it applies (libs/messaging/src/queue-workers.ts). */
const APPLIED_LINE = /\bapplied [A-Z]\w+/;

runMain(log, async () => {
  trapSignals();
  const started = Date.now();
  await ensureDependencies({ log });
  const env = platformEnv();
  await ensureServices({ start: true, log, env });
  await build({ log, expect: BUILD_OUTPUTS });

  const apps = APPS.map((a) => ({ ...a, port: Number(env[a.portVar]) }));
  for (const app of apps) {
    if (!Number.isInteger(app.port) || app.port <= 0 || app.port > 65535)
      throw new Fatal(`${app.portVar}=${env[app.portVar]} is not a valid port.`);
    if (await portInUse(app.port)) {
      throw new Fatal(
        `Port ${app.port} (${app.portVar}, for ${app.name}) is already in use — is the platform already running?\n` +
          `Stop whatever listens there, or choose another port, e.g. ${app.portVar}=${app.port + 100} npm start`,
      );
    }
  }

  await prepareDatabase(env, { demo: true, log });
  if (interrupted()) return exitCodeForSignal(interrupted());

  const supervisor = new Supervisor(apps, env);
  // Ctrl-C / SIGTERM is the normal way to stop the platform: exit 0 when the apps stop cleanly.
  onSignal((signal) => supervisor.stop(`${signal} received`, 0));
  supervisor.spawnAll();

  const healthy = await supervisor.waitHealthy(HEALTH_TIMEOUT_MS);
  // The demo's thousands of reports reach the city now: counted, not printed, so the address stays on screen.
  if (healthy && (await supervisor.waitCaughtUp())) printBanner(apps, env, Date.now() - started);
  return supervisor.finished;
});

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function healthOk(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

class Supervisor {
  constructor(apps, env) {
    this.apps = apps;
    this.env = env;
    this.stopping = false;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.width = Math.max(...apps.map((a) => a.name.length));
    /** Until the banner: the worker's "applied …" lines are counted (`applied`), the rest printed as usual. */
    this.catchingUp = true;
    this.applied = 0;
    this.lastApplied = Date.now();
  }

  /** Waits until the worker has applied the demo's backlog (quiet for CATCH_UP_QUIET_MS), saying how far it got. */
  async waitCaughtUp() {
    const started = Date.now();
    let said = Date.now();
    while (!this.stopping && Date.now() - this.lastApplied < CATCH_UP_QUIET_MS && Date.now() - started < CATCH_UP_MAX_MS) {
      if (Date.now() - said >= 5_000) {
        log.info(
          `Đang đồng bộ dữ liệu mẫu sang phía thành phố / the demo data is reaching the city: ${this.applied.toLocaleString('vi-VN')} sự kiện / events…`,
        );
        said = Date.now();
      }
      await sleep(250);
    }
    this.catchingUp = false;
    if (this.applied > 0)
      log.info(
        `sync-worker đã áp dụng ${this.applied.toLocaleString('vi-VN')} sự kiện / applied ${this.applied} events (one line each from now on).`,
      );
    return !this.stopping;
  }

  spawnAll() {
    for (const app of this.apps) this.spawn(app);
    // If this process ends anyhow, do not leave the apps behind.
    process.once('exit', () => {
      for (const app of this.apps) if (this.running(app)) this.signal(app, 'SIGKILL');
    });
  }

  spawn(app) {
    app.tail = [];
    // detached: the apps get their own process group, so a terminal Ctrl-C reaches only this script,
    // which then sends exactly one SIGTERM (a second signal would cut Nest's graceful shutdown short).
    app.child = spawn(process.execPath, [appEntry(app.name)], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const prefix = paint(app.colour, `${app.name.padEnd(this.width)} │`);
    const errPrefix = paint(app.colour, `${app.name.padEnd(this.width)} ┃`, process.stderr);
    const pipe = (stream, out, pfx) =>
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        app.tail.push(line);
        if (app.tail.length > TAIL_LINES) app.tail.shift();
        if (this.catchingUp && APPLIED_LINE.test(line)) {
          this.applied++;
          this.lastApplied = Date.now();
          return;
        }
        out.write(`${pfx} ${line}\n`);
      });
    pipe(app.child.stdout, process.stdout, prefix);
    pipe(app.child.stderr, process.stderr, errPrefix);
    app.exited = new Promise((resolve) => {
      app.child.once('error', (err) => {
        app.tail.push(`(could not start: ${err.message})`);
        resolve({ code: 1, signal: null });
      });
      app.child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    app.exited.then(({ code, signal }) => {
      app.done = true;
      if (this.stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      log.error(`${app.name} ${how}${app.healthy ? ' while running' : ' before becoming healthy'}. Its last lines:`);
      for (const line of app.tail.slice(-15)) log.error(`  ${line}`);
      this.stop(`${app.name} stopped`, 1);
    });
  }

  running(app) {
    return app.child && !app.done && app.child.exitCode === null && app.child.signalCode === null;
  }

  signal(app, sig) {
    try {
      process.kill(-app.child.pid, sig); // the app's process group
    } catch {
      try {
        app.child.kill(sig);
      } catch {
        /* gone */
      }
    }
  }

  async waitHealthy(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    log.info(`Waiting for ${this.apps.map((a) => `${a.name} (:${a.port})`).join(', ')} to answer /health…`);
    while (!this.stopping) {
      const pending = this.apps.filter((a) => !a.healthy);
      if (!pending.length) return true;
      await Promise.all(pending.map(async (a) => (a.healthy = await healthOk(a.port))));
      if (this.apps.every((a) => a.healthy)) return !this.stopping;
      if (Date.now() > deadline) {
        const late = this.apps.filter((a) => !a.healthy);
        log.error(
          `Timed out after ${timeoutMs / 1000} s waiting for /health of: ${late.map((a) => `${a.name} (http://127.0.0.1:${a.port}/health)`).join(', ')}`,
        );
        for (const a of late) {
          log.error(`${a.name}'s last lines:`);
          for (const line of a.tail.slice(-15)) log.error(`  ${line}`);
        }
        this.stop('health check timed out', 1);
        return false;
      }
      await sleep(500);
    }
    return false;
  }

  async stop(reason, exitCode) {
    if (this.stopping) return;
    this.stopping = true;
    const live = this.apps.filter((a) => this.running(a));
    if (live.length) log.info(`${reason}: stopping ${live.map((a) => a.name).join(', ')}…`);
    for (const app of live) this.signal(app, 'SIGTERM');
    const timer = setTimeout(() => {
      for (const app of this.apps) {
        if (this.running(app)) {
          log.warn(`${app.name} did not stop within ${STOP_GRACE_MS / 1000} s: killing it.`);
          this.signal(app, 'SIGKILL');
        }
      }
    }, STOP_GRACE_MS);
    const results = await Promise.all(live.map((a) => a.exited));
    clearTimeout(timer);
    const unclean = results.some((r) => r.signal === 'SIGKILL');
    log.info('All apps stopped.');
    this.resolveFinished(exitCode === 0 && unclean ? 1 : exitCode);
  }
}

function printBanner(apps, env, elapsedMs) {
  const line = paint('green', '═'.repeat(74));
  const b = (t) => paint('bold', t);
  const url = (t) => paint('cyan', t);
  const password = env.SEED_PASSWORD === DEFAULTS.SEED_PASSWORD ? DEFAULTS.SEED_PASSWORD : '(giá trị của / the value of SEED_PASSWORD)';
  const production = env.NODE_ENV === 'production';
  const web = apps.find((a) => a.web);
  const address = `http://127.0.0.1:${web.port}/`;
  const rows = [line, b(`  Nền tảng điều phối HĐND đã sẵn sàng  ·  Council platform is up  (${formatDuration(elapsedMs)})`), ''];
  rows.push(`  ${b('Mở / open:')}  ${url(address)}`, '');
  rows.push('  Phía sau địa chỉ đó / behind that address:');
  for (const a of apps.filter((x) => x.graphql)) rows.push(`    ${a.name.padEnd(13)} ${address}api/${a.name.replace('-api', '')}/graphql`);
  rows.push(`    ${'giao ban'.padEnd(13)} ${address}briefing/2024Q1   (màn hình giao ban / the briefing screen)`);
  rows.push('', `  Cơ sở dữ liệu / database: ${databaseName(env.DATABASE_URL)}   hàng đợi / queue prefix: ${env.QUEUE_PREFIX}`, '');
  if (production) {
    rows.push('  NODE_ENV=production: không có tài khoản thử / no demo users were seeded.');
  } else {
    rows.push(
      `  Đăng nhập thử / Demo sign-in — mật khẩu / password: ${b(password)}`,
      '  (lấy từ biến SEED_PASSWORD / taken from SEED_PASSWORD)',
      `    ${b('city')}      cán bộ thành phố / city staff (CITY_STAFF)`,
      `    ${b('d017')}      HĐND Huyện Đông Anh và các xã / Đông Anh district council and its communes`,
      `    ${b('w00457')}    HĐND Xã Xuân Nộn (w + mã xã, thị trấn) / a commune council: w + its code`,
      `    ${b('admin')}     quản trị / administrator (CITY_ADMIN)`,
      `    ${b('viewer')}    chỉ xem / read-only`,
    );
  }
  rows.push('', '  Dừng: Ctrl-C  ·  Stop: Ctrl-C', line);
  for (const r of rows) process.stdout.write(`${r}\n`);
}
