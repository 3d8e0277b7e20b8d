/**
 * Child processes for the fault tests: spawn, capture output (the tail is kept
 * for failure messages), `kill -9`, wait for the exit. Every child started here
 * is tracked, so `killAllChildren()` in an afterAll leaves nothing behind even
 * when a test failed half-way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { loadConfig } from '@council/core';
import { projectRoot } from '@council/database';

import { assertTestEnvironment } from './env.js';
import { operatorHeaders } from './health.js';

const TAIL_CHARS = 20_000;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<ManagedProcess>();

export class ManagedProcess {
  readonly child: ChildProcess;
  readonly startedAt = Date.now();
  readonly exited: Promise<ExitInfo>;
  exit: ExitInfo | null = null;
  /** Set when we killed it, so an exit of its own (a crash) can be told apart. */
  killedByUs = false;
  private output = '';
  /** Characters captured since the start, trimmed ones included: a mark for `outputSince`. */
  private written = 0;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { env: NodeJS.ProcessEnv; cwd?: string },
  ) {
    this.child = spawn(command, args, { env: options.env, cwd: options.cwd ?? projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    const capture = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      this.written += text.length;
      if (this.output.length > TAIL_CHARS * 2) this.output = this.output.slice(-TAIL_CHARS);
    };
    this.child.stdout?.on('data', capture);
    this.child.stderr?.on('data', capture);
    this.exited = new Promise<ExitInfo>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exit) return;
        this.exit = { code, signal };
        live.delete(this);
        resolve(this.exit);
      };
      this.child.on('exit', done);
      this.child.on('error', (e) => {
        this.output += `\n[spawn error] ${e.message}\n`;
        done(null, null);
      });
    });
    live.add(this);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** The last `chars` characters of stdout and stderr together. */
  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  /** A mark in the output, for `outputSince`. */
  outputMark(): number {
    return this.written;
  }

  /** What the process printed after `mark` (as much of it as is still kept: the last 20,000–40,000 characters). */
  outputSince(mark: number): string {
    return this.output.slice(Math.max(0, mark - (this.written - this.output.length)));
  }

  /** `kill -9` (by default) and wait until the process has gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 10_000): Promise<ExitInfo> {
    if (!this.alive) return this.exit!;
    this.killedByUs = true;
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} (pid ${this.pid}) did not exit within ${timeoutMs} ms of ${signal}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): ManagedProcess {
  return new ManagedProcess(name, command, args, options);
}

/** Every child still running, killed with SIGKILL, and waited for. Safe to call twice. */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill('SIGKILL').catch(() => undefined)));
}

export function liveChildren(): ManagedProcess[] {
  return [...live];
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- sync-worker

export interface WorkerHealth {
  status: string;
  outbox?: { unsent?: number; unconfirmed?: number; sent?: number; resent?: number; confirmed?: number; lastError?: string | null };
  raw: any;
}

/** One `node dist/apps/sync-worker/src/main.js` process with its /health port. */
export class SyncWorkerProcess {
  readyAt: number | null = null;
  /** The last /health seen (its outbox counters are this process's own). */
  lastHealth: WorkerHealth | null = null;

  constructor(
    readonly proc: ManagedProcess,
    readonly port: number,
  ) {}

  get name(): string {
    return this.proc.name;
  }

  get alive(): boolean {
    return this.proc.alive;
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.port}/health`;
  }

  /** /health, or null if the process does not answer (yet). A 503 still answers: some probe is down. */
  async health(timeoutMs = 2000): Promise<WorkerHealth | null> {
    if (!this.alive) return null;
    try {
      const res = await fetch(this.healthUrl, { headers: operatorHeaders(), signal: AbortSignal.timeout(timeoutMs) });
      const body = (await res.json()) as any;
      const h: WorkerHealth = {
        status: body?.status ?? String(res.status),
        outbox: body?.details?.['outbox-district'] ?? body?.info?.['outbox-district'] ?? body?.error?.['outbox-district'],
        raw: body,
      };
      if (this.alive) {
        this.lastHealth = h;
        this.readyAt ??= Date.now();
      }
      return h;
    } catch {
      return null;
    }
  }

  /** Resolves once the HTTP server answers (the relay and the queue workers have started by then). */
  async waitReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`${this.name} exited (${JSON.stringify(this.proc.exit)}) before it was ready:\n${this.proc.tail()}`);
      if (await this.health(1000)) {
        this.readyAt ??= Date.now();
        return;
      }
      await sleep(100);
    }
    throw new Error(`${this.name} not ready within ${timeoutMs} ms:\n${this.proc.tail()}`);
  }

  kill(): Promise<ExitInfo> {
    return this.proc.kill('SIGKILL');
  }
}

/** The environment of an app process under test: the test database and queue prefix, the given Redis and port. */
function testAppEnv(portVariable: string, port: number, redisUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const test = assertTestEnvironment();
  const config = loadConfig(process.env);
  for (const url of [config.districtDatabaseUrl, config.cityDatabaseUrl]) {
    if (!/\/council_test_[A-Za-z0-9_]+$/.test(url)) throw new Error('an app process of a test must use the test database');
  }
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: test.databaseUrl,
    DISTRICT_DATABASE_URL: config.districtDatabaseUrl,
    CITY_DATABASE_URL: config.cityDatabaseUrl,
    QUEUE_PREFIX: test.queuePrefix,
    REDIS_URL: redisUrl,
    [portVariable]: String(port),
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    ...extra,
  };
}

const appScript = (app: string) => join(projectRoot(), 'dist', 'apps', app, 'src', 'main.js');

/**
 * Spawn a sync worker against the test database and queue prefix, and the
 * given Redis. Returns at once; `waitReady()` to wait for it.
 */
export async function startSyncWorker(options: {
  name: string;
  redisUrl: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<SyncWorkerProcess> {
  const port = options.port ?? (await freePort());
  const env = testAppEnv('SYNC_WORKER_PORT', port, options.redisUrl, options.env);
  const proc = spawnManaged(options.name, process.execPath, [appScript('sync-worker')], { env });
  return new SyncWorkerProcess(proc, port);
}

/** An API in a process of its own (readiness and /health as the worker's), with its GraphQL address. */
export class ApiProcess extends SyncWorkerProcess {
  get graphql(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }
}

/** Spawn city-api or district-api as `startSyncWorker` spawns the worker. */
export async function startApiProcess(
  app: 'city-api' | 'district-api',
  options: { redisUrl: string; env?: Record<string, string> },
): Promise<ApiProcess> {
  const port = await freePort();
  const env = testAppEnv(app === 'city-api' ? 'CITY_API_PORT' : 'DISTRICT_API_PORT', port, options.redisUrl, options.env);
  return new ApiProcess(spawnManaged(app, process.execPath, [appScript(app)], { env }), port);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `env` without the variables through which TEST_CLOCK (scripts/lib/clock.mjs) moves a child's clock. For the
 * programs that do not run under libfaketime — Chromium's zygote will not start with it, and redis-server sometimes
 * dies at start in its recursive clock_gettime() guard — and need not: the shared PostgreSQL and Redis keep the
 * real time too, and the apps pass every date a rule depends on.
 */
export function withoutFakeClock(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const fakeClockVars = new Set(['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC']);
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !fakeClockVars.has(entry[0])),
  );
}
