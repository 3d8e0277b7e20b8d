import { type AppConfig, redactUrl } from '@council/core';
import { todayInVietnam } from '@council/hierarchy';
import { Logger } from '@nestjs/common';
import pg from 'pg';

import { createDataSource } from './all-entities.js';
import { seedDemo } from './seeding/demo.seed.js';
import {
  loadUnits,
  seedCouncilTerms,
  seedDevUsers,
  seedHanoiEras,
  seedMetrics,
  seedReorganisations,
  seedUnitIdentities,
  seedUnits,
  type UnitsDataset,
} from './seeding/reference.seed.js';

const log = new Logger('prepare');
const HANOI_CODE = '01';

/** CREATE DATABASE if the URL names one that does not exist yet (connecting to `postgres` to do it). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
    } catch (e) {
      // Two processes preparing at once: the other one created it.
      if ((e as { code?: string }).code !== '42P04') throw e;
    }
    return true;
  } finally {
    await client.end();
  }
}

export interface PrepareOptions {
  units?: UnitsDataset;
  devUsers?: boolean;
  /** A year of Hanoi reports, for `npm start` (never in production). */
  demo?: boolean;
  /**
   * Hanoi as its three eras hold it (seedHanoiEras) instead of the data file's one version per code. Off by default
   * until the tests that read "today" no longer assume the district era (C6 of docs/design/units-over-time-landing.md).
   */
  eras?: boolean;
}

/** Create, migrate and seed one database. Safe to run any number of times, also concurrently. */
export async function prepareDatabase(url: string, config: AppConfig, options: PrepareOptions = {}): Promise<void> {
  const started = Date.now();
  const created = await ensureDatabase(url);
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    // One preparer at a time per database: migrations and seeds are not meant to race.
    const lock = ds.createQueryRunner();
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('council:prepare'))`);
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      const units = loadUnits(options.units ?? 'hanoi');
      await seedUnits(ds, options.eras ? units.filter((u) => u.rootCode !== HANOI_CODE) : units);
      const reorganisation = await seedReorganisations(ds);
      if (options.eras) await seedHanoiEras(ds);
      const identities = await seedUnitIdentities(ds, todayInVietnam());
      const terms = await seedCouncilTerms(ds);
      await seedMetrics(ds);
      let users = 0;
      if (options.devUsers ?? !config.production) users = await seedDevUsers(ds, config.seedPassword, todayInVietnam());
      if (options.demo) {
        if (config.production) throw new Error('demo data is never loaded in production');
        await seedDemo(ds);
      }
      log.log(
        `${redactUrl(url)}: ${created ? 'created, ' : ''}${ran.length} migration(s) run, ${units.length} units, ` +
          `${reorganisation} reorganisation row(s) added, ${identities} unit identity row(s) written, ${terms} council term(s) added, ` +
          `${users} new development user(s) — ${Date.now() - started} ms`,
      );
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('council:prepare'))`).catch(() => undefined);
      await lock.release();
    }
  } finally {
    await ds.destroy();
  }
}
