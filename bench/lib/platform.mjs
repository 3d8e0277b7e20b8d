// A private district-api for a benchmark: its own database and queue prefix on the platform's
// PostgreSQL and Redis (the approach of scripts/test.mjs), the built app as a child process on a
// free port, and the clean-up afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { createDatabase, dropDatabaseFamily } from '../../scripts/lib/database.mjs';
import { appEntry, DATABASE_CLI, platformEnv, redactUrl, ROOT } from '../../scripts/lib/env.mjs';
import { deleteKeysWithPrefix } from '../../scripts/lib/redis.mjs';
import { databaseUrlFor } from '../../scripts/lib/services.mjs';
import { freePort, machineTicks, processTicks, TICKS_PER_S } from './machine.mjs';

const BENCH_DB = /^council_bench_[0-9a-f]+$/;
const BENCH_PREFIX = /^bench-[0-9a-f]+$/;

/** CPU time (user + system) of a process in seconds; null when it is gone or there is no /proc. */
export function cpuSeconds(pid) {
  const ticks = processTicks(pid);
  return ticks === null ? null : ticks / TICKS_PER_S;
}

/** Busy and total CPU time of the whole machine (all cores) in seconds; null without /proc. */
export function machineCpu() {
  const ticks = machineTicks();
  return ticks && { busy: (ticks.total - ticks.idle) / TICKS_PER_S, total: ticks.total / TICKS_PER_S };
}

export class BenchPlatform {
  constructor({ log = console.log } = {}) {
    this.log = log;
    this.platform = platformEnv();
    this.dbName = `council_bench_${randomBytes(4).toString('hex')}`;
    this.queuePrefix = `bench-${randomBytes(4).toString('hex')}`;
    if (!BENCH_DB.test(this.dbName) || !BENCH_PREFIX.test(this.queuePrefix) || this.queuePrefix === this.platform.QUEUE_PREFIX) {
      throw new Error('refusing to use an unexpected database name or queue prefix');
    }
    this.databaseUrl = databaseUrlFor(this.platform.DATABASE_URL, this.dbName);
    this.child = null;
    this.output = [];
    this.created = false;
  }

  checkBuilt() {
    const missing = [DATABASE_CLI, appEntry('district-api')].filter((f) => !fs.existsSync(path.join(ROOT, f)));
    if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first`);
  }

  env(port) {
    return {
      ...this.platform,
      NODE_ENV: 'development', // production refuses the development secret and seeds no users to sign in with
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.databaseUrl,
      DISTRICT_DATABASE_URL: this.databaseUrl,
      CITY_DATABASE_URL: this.databaseUrl,
      QUEUE_PREFIX: this.queuePrefix,
      DISTRICT_API_PORT: String(port ?? 0),
    };
  }

  /** CREATE DATABASE, then the database CLI's `prepare` (migrations, reference data, development users). */
  async prepare() {
    this.checkBuilt();
    this.log(
      `database ${this.dbName} on ${redactUrl(this.platform.DATABASE_URL).replace(/\/[^/]*$/, '')}, queue prefix ${this.queuePrefix}`,
    );
    await createDatabase(this.platform.DATABASE_URL, this.dbName);
    this.created = true;
    const code = await new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [DATABASE_CLI, 'prepare'], { cwd: ROOT, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.once('error', reject);
      p.once('exit', (c) => {
        if (c !== 0) process.stderr.write(out);
        resolve(c);
      });
    });
    if (code !== 0) throw new Error(`database CLI prepare exited with ${code}`);
  }

  /** Starts dist/apps/district-api/src/main.js on a free port; resolves with its GraphQL URL once /health answers 200. */
  async start({ timeoutMs = 60_000, nodeArgs = [], env = {} } = {}) {
    const port = await freePort();
    // Its own process group: a signal meant for the bench's terminal or job reaches it only through stop().
    this.child = spawn(process.execPath, [...nodeArgs, appEntry('district-api')], {
      cwd: ROOT,
      env: { ...this.env(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.warnings = 0;
    const keep = (d) => {
      const text = String(d);
      this.warnings += (text.match(/\b(WARN|ERROR)\b/g) ?? []).length;
      this.output.push(text);
      if (this.output.length > 200) this.output.shift();
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      this.assertRunning();
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.status === 200) return `${this.url}/graphql`;
        last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
      } catch (err) {
        last = String(err?.cause?.code ?? err?.message ?? err); // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`district-api did not become healthy within ${timeoutMs / 1000} s (last: ${last}):\n${this.output.join('')}`);
  }

  /** Throws with the app's last output if it is no longer running. */
  assertRunning() {
    if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) {
      throw new Error(
        `district-api stopped (exit ${this.child.exitCode ?? this.child.signalCode}); its last output:\n${this.output.join('').split('\n').slice(-40).join('\n')}`,
      );
    }
  }

  get pid() {
    return this.child?.pid;
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the app, drops the database, deletes the queue keys. Safe to call twice. */
  async cleanUp({ keep = false } = {}) {
    await this.stop();
    if (keep) {
      this.log(`kept database ${this.dbName} and Redis keys ${this.queuePrefix}:* (--keep)`);
      return;
    }
    if (this.created) {
      try {
        await dropDatabaseFamily(this.platform.DATABASE_URL, this.dbName);
        this.created = false;
      } catch (err) {
        this.log(`could not drop ${this.dbName}: ${err.message}`);
      }
    }
    try {
      await deleteKeysWithPrefix(this.platform.REDIS_URL, this.queuePrefix);
    } catch (err) {
      this.log(`could not delete Redis keys ${this.queuePrefix}:*: ${err.message}`);
    }
  }
}
