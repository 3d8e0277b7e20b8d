import { redactUrl } from '@council/core';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';

export class PreflightError extends Error {}

const HINT_PG =
  'Khởi động PostgreSQL hoặc đặt DATABASE_URL / Start PostgreSQL or set DATABASE_URL ' +
  '(docker compose -f docker/compose.yml up -d postgres; or apt-get install postgresql).';
const HINT_REDIS =
  'Khởi động Redis hoặc đặt REDIS_URL / Start Redis or set REDIS_URL ' +
  '(docker compose -f docker/compose.yml up -d redis; or apt-get install redis-server).';

export async function checkPostgres(url: string, timeoutMs = 3000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    throw new PreflightError(
      `Không kết nối được PostgreSQL tại ${redactUrl(url)} / cannot reach PostgreSQL at ${redactUrl(url)}: ${describe(e)}. ${HINT_PG}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    const [, policy] = (await client.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    if (policy && policy !== 'noeviction') {
      new Logger('Preflight').warn(`Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or queued jobs may be evicted`);
    }
  } catch (e) {
    throw new PreflightError(
      `Không kết nối được Redis tại ${redactUrl(url)} / cannot reach Redis at ${redactUrl(url)}: ${describe(e)}. ${HINT_REDIS}`,
    );
  } finally {
    client.disconnect();
  }
}

function describe(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) return describe(e.errors[0]);
  const err = e as { code?: string; message?: string };
  return err.code ? `${err.code}${err.message && !err.message.includes(err.code) ? ' ' + err.message : ''}` : (err.message ?? String(e));
}
