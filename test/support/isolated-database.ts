import { loadConfig } from '@council/core';

import { prepareDatabase } from '../../apps/database-cli/src/prepare.js';
import { assertTestEnvironment } from './env.js';
import { ownQueuePrefix } from './queue-prefix.js';
import { testClient } from './sql.js';

/**
 * A database of this test file's own (the run's test database name plus a
 * suffix), migrated and seeded, with DATABASE_URL pointing at it until
 * `restore()` drops it. `eras`: Hanoi as its three eras hold it (prepare's `eras`). For tests that need exact city-wide totals no other
 * test file can add to; `demo`: with the demo year `npm start` loads.
 * It comes with a queue prefix of its own too: a job left in the run's queues by another file (a fan-out whose
 * worker a fault test killed, say) must not be picked up here and written into this database, nor the reverse.
 */
export async function isolatedDatabase(
  suffix: string,
  options: { devUsers?: boolean; demo?: boolean; eras?: boolean } = {},
): Promise<{ url: string; restore(): Promise<void> }> {
  const env = assertTestEnvironment();
  const url = `${env.databaseUrl}_${suffix}`;
  // PostgreSQL cuts longer names to 63 bytes, and two files' databases could then be one.
  if (new URL(url).pathname.length - 1 > 63) throw new Error(`database name too long for PostgreSQL: ${url}`);
  const previous = process.env.DATABASE_URL;
  await prepareDatabase(url, loadConfig({ ...process.env, DATABASE_URL: url }), {
    devUsers: options.devUsers,
    demo: options.demo,
    eras: options.eras,
  });
  process.env.DATABASE_URL = url;
  const queues = ownQueuePrefix(suffix);
  return {
    url,
    async restore() {
      process.env.DATABASE_URL = previous;
      await queues.restore();
      const admin = new URL(url);
      const name = admin.pathname.slice(1);
      admin.pathname = '/postgres';
      const client = testClient(admin.toString());
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
