/**
 * E2E tests must run against their own database and queue prefix (set up by
 * `npm test`), never the platform's. Refuse anything else loudly.
 */
export function assertTestEnvironment(): { databaseUrl: string; redisUrl: string; queuePrefix: string } {
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const queuePrefix = process.env.QUEUE_PREFIX ?? '';
  if (!/\/council_test_[A-Za-z0-9_]+$/.test(databaseUrl) || !queuePrefix.startsWith('test-')) {
    throw new Error(
      'e2e tests need their own database and queue prefix: run them with `npm test` (scripts/test.mjs sets DATABASE_URL=…/council_test_* and QUEUE_PREFIX=test-*)',
    );
  }
  return { databaseUrl, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', queuePrefix };
}
