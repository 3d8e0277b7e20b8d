/**
 * The connections tests open to arrange and read rows outlive PostgreSQL ending them while idle (57P01): at CI's
 * 2031 clock something ended closing-race's idle pool connection mid-round, and the pool's unheard 'error' event
 * failed the round with a stack naming no test. No listener is added here: an unheard event fails this file.
 */
import { assertTestEnvironment } from './support/env.js';
import { eventually } from './support/eventually.js';
import { testClient, testPool } from './support/sql.js';

const { databaseUrl } = assertTestEnvironment();

async function terminate(pid: number): Promise<void> {
  const admin = testClient(databaseUrl);
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

const pidOf = async (q: { query: (sql: string) => Promise<{ rows: { pid: number }[] }> }) =>
  (await q.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;

it('a pool whose idle connection the server ends answers the next query on a new connection', async () => {
  const pool = testPool(databaseUrl, 1);
  try {
    const first = await pidOf(pool);
    expect(pool.idleCount).toBe(1);
    await terminate(first);
    expect(
      await eventually(
        async () => pool.idleCount,
        (n) => n === 0,
      ),
    ).toBe(0);
    const second = await pidOf(pool);
    expect(second).not.toBe(first);
  } finally {
    await pool.end();
  }
});

it('a client whose connection the server ends refuses its next query, failing that line rather than the file', async () => {
  const client = testClient(databaseUrl);
  await client.connect();
  await terminate(await pidOf(client));
  await new Promise((r) => setTimeout(r, 200));
  await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat|Connection terminated/i);
  await client.end().catch(() => undefined);
});
