// Database helpers: create/drop a database on the server of DATABASE_URL, and run the database CLI.
import fs from 'node:fs';
import path from 'node:path';

import { DATABASE_CLI, ROOT } from './env.mjs';
import { Fatal } from './log.mjs';
import { exitCodeForSignal, interrupted, run } from './proc.mjs';
import { connectAdmin } from './services.mjs';

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function databaseName(databaseUrl) {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || null;
}

function quoted(name) {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name "${name}"`);
  return `"${name}"`;
}

/** CREATE DATABASE; `template`: a copy of that database (which nobody may be connected to). */
export async function createDatabase(databaseUrl, name, { template } = {}) {
  const client = await connectAdmin(databaseUrl, { timeoutMs: 5000 });
  try {
    await client.query(`CREATE DATABASE ${quoted(name)}${template ? ` TEMPLATE ${quoted(template)}` : ''}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * DROP DATABASE IF EXISTS ... WITH (FORCE) (which also ends connections a test left open) of every database named `name`
 * or starting with `name_`: a test run's, its workers' and its files'.
 */
export async function dropDatabaseFamily(databaseUrl, name) {
  const client = await connectAdmin(databaseUrl, { timeoutMs: 5000 });
  const names = [];
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_')`, [name]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${quoted(datname)} WITH (FORCE)`);
      names.push(datname);
    }
  } finally {
    await client.end().catch(() => {});
  }
  return names;
}

export async function databaseExists(databaseUrl, name) {
  const client = await connectAdmin(databaseUrl, { timeoutMs: 5000 });
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount > 0;
  } finally {
    await client.end().catch(() => {});
  }
}

/** `node dist/apps/database-cli/src/main.js prepare [--demo]`: create the database if missing, migrate, seed. */
export async function prepareDatabase(env, { demo = false, log } = {}) {
  if (!fs.existsSync(path.join(ROOT, DATABASE_CLI))) {
    throw new Fatal(`${DATABASE_CLI} does not exist: the build did not produce the database CLI.`);
  }
  const args = [DATABASE_CLI, 'prepare', ...(demo ? ['--demo'] : [])];
  log?.info(`Preparing database ${databaseName(env.DATABASE_URL)} (migrations, reference data${demo ? ', demo data' : ''})…`);
  const code = await run(process.execPath, args, { env });
  if (interrupted()) throw new Fatal('Interrupted while preparing the database.', { exitCode: exitCodeForSignal(interrupted()) });
  if (code !== 0) throw new Fatal(`Preparing the database failed (node ${args.join(' ')} exited with ${code}); see its message above.`);
}
