/**
 * A private, throw-away `redis-server` for the fault tests: no persistence,
 * no eviction, on a free port of 127.0.0.1. Everything of a fault test (the
 * in-process API, the worker processes) points at it, so the test may
 * FLUSHALL it without touching anyone else's keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';

import { freePort, type ManagedProcess, sleep, spawnManaged, withoutFakeClock } from './processes.js';

export interface PrivateRedis {
  url: string;
  port: number;
  proc: ManagedProcess;
  /** A command connection to it (created on first use, closed by stop()). */
  client(): Redis;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisServer(options: { timeoutMs?: number } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'council-redis-'));
  const proc = spawnManaged(
    `redis-server:${port}`,
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { env: withoutFakeClock(), cwd: dir },
  );
  const url = `redis://127.0.0.1:${port}`;
  let client: Redis | undefined;
  const getClient = () => (client ??= new Redis(url, { maxRetriesPerRequest: 2, connectionName: 'fault-test' }));

  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (!proc.alive) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server exited at start (${JSON.stringify(proc.exit)}):\n${proc.tail()}`);
    }
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') break;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    if (Date.now() > deadline) {
      await proc.kill().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server on ${port} did not answer PING:\n${proc.tail()}`);
    }
    await sleep(50);
  }

  return {
    url,
    port,
    proc,
    client: getClient,
    async flushAll() {
      const reply = await getClient().flushall();
      if (reply !== 'OK') throw new Error(`FLUSHALL answered ${reply}`);
    },
    async stop() {
      if (client) {
        client.disconnect();
        client = undefined;
      }
      await proc.kill('SIGKILL').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Run `fn` with some environment variables set, then restore them — for an
 * in-process app, whose config is read from process.env when its module is
 * created.
 */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
