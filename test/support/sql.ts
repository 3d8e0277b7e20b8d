import pg from 'pg';

/*
 * Connections a test opens to read or arrange rows. PostgreSQL may end an idle one (57P01, "terminating connection
 * due to administrator command": a DROP DATABASE ... WITH (FORCE), pg_terminate_backend or a restart on the
 * machine). pg emits that as an 'error' event, and an event nobody hears fails whichever test is running, in
 * whichever file, with a stack that names no test (closing-race failed so at CI's 2031 clock). Heard here:
 * a pool drops the dead connection and opens another for the next query; a client's next query rejects, so the
 * test that uses it fails at that line, saying why.
 */

export function testPool(connectionString: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => undefined);
  return pool;
}

/** Not yet connected, as `new pg.Client` is. */
export function testClient(connectionString: string): pg.Client {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined);
  return client;
}
