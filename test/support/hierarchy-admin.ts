/**
 * What the tests of the hierarchy's administration (unit links, council terms) share: both APIs on a database of their
 * own with the callers they ask as, and a refusal that must name its field and leave the tables as they were.
 */
import { loadConfig } from '@council/core';
import type pg from 'pg';

import { CITY_API } from '../../apps/city-api/src/city-api.app.js';
import { prepareDatabase } from '../../apps/database-cli/src/prepare.js';
import { DISTRICT_API } from '../../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './apps.js';
import { errorCode, gqlOk, type GraphQLResponse, tokenFor } from './graphql.js';
import { isolatedDatabase } from './isolated-database.js';
import { testPool } from './sql.js';
import { tableState } from './table-state.js';

export interface HierarchyAdminStack {
  isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
  district: RunningApp;
  city: RunningApp;
  db: pg.Pool;
  /** Signed in on district-api: an administrator, city staff, a district's staff (Thanh Xuân) and the hall's viewer. */
  tokens: Record<'admin' | 'city' | 'd009' | 'viewer', string>;
  close(): Promise<void>;
}

export async function startHierarchyAdminStack(name: string): Promise<HierarchyAdminStack> {
  const isolated = await isolatedDatabase(name);
  const [district, city] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API)]);
  const db = testPool(isolated.url, 2);
  const api = district.graphql;
  const tokens = {
    admin: await tokenFor(api, 'admin'),
    city: await tokenFor(api, 'city'),
    d009: await tokenFor(api, 'd009'),
    viewer: await tokenFor(api, 'viewer'),
  };
  const close = async () => {
    await db.end();
    await Promise.all([district.close(), city.close()]);
    await isolated.restore();
  };
  return { isolated, district, city, db, tokens, close };
}

/** `run` is refused with `code` naming `field` (and saying `message`), nothing internal shown, `tables` unchanged. */
export async function expectRefusedUnchanged(
  db: pg.Pool,
  tables: readonly string[],
  run: () => Promise<GraphQLResponse>,
  code: string,
  field?: string,
  message?: RegExp,
): Promise<void> {
  const before = await tableState(db, tables);
  const res = await run();
  expect({ code: errorCode(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ code, field });
  if (message) expect(res.errors![0].message).toMatch(message);
  expect(JSON.stringify(res)).not.toMatch(/stack|SELECT|INSERT|at \//);
  expect(await tableState(db, tables)).toEqual(before);
}

export interface AdminAuditEntry {
  username: string;
  action: string;
  subject: string;
  unitCode: string | null;
  changes: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}

const ADMIN_AUDIT = `query($s: String) { adminAuditLog(subject: $s) { username action subject unitCode changes } }`;

/** The administrators' audit entries whose subject starts with `prefix` ("council-term:"), newest first, as the API gives them. */
export async function adminAuditOf(stack: HierarchyAdminStack, prefix: string): Promise<AdminAuditEntry[]> {
  const { adminAuditLog } = await gqlOk<{ adminAuditLog: (Omit<AdminAuditEntry, 'changes'> & { changes: string })[] }>(
    stack.district.graphql,
    ADMIN_AUDIT,
    { s: prefix },
    stack.tokens.admin,
  );
  return adminAuditLog.map((e) => ({ ...e, changes: JSON.parse(e.changes) as AdminAuditEntry['changes'] }));
}

/** `prepare` run again on the stack's database, as a deployment's start does. */
export async function prepareAgain(stack: HierarchyAdminStack): Promise<void> {
  await prepareDatabase(stack.isolated.url, loadConfig({ ...process.env, DATABASE_URL: stack.isolated.url }));
}
