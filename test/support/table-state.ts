/**
 * What a set of tables holds, as row counts and checksums, to prove that a
 * refused request wrote nothing: no row added or removed (the count) and none
 * changed in place (the checksum of every row, in a fixed order).
 */
import type pg from 'pg';

export interface TableState {
  rows: number;
  md5: string;
}

/** `schema.table` → its state. Equal snapshots: nothing was inserted, deleted or updated. */
export type TablesState = Record<string, TableState>;

type Queryable = Pick<pg.Pool, 'query'>;

const QUALIFIED = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/**
 * Counts and md5 of every row (as JSON, sorted) of each `schema.table`, read
 * in one statement so the tables are seen at one instant. `ignore` leaves
 * columns out of a table's checksum: only for bookkeeping that something other
 * than the request under test moves (say, the relay stamping outbox rows sent).
 */
export async function tableState(
  db: Queryable,
  tables: readonly string[],
  ignore: Record<string, readonly string[]> = {},
): Promise<TablesState> {
  if (!tables.length) return {};
  const params: unknown[] = [];
  const parts = tables.map((table) => {
    if (!QUALIFIED.test(table)) throw new Error(`not a schema-qualified table name: ${table}`);
    params.push(table, [...(ignore[table] ?? [])]);
    const [name, skip] = [`$${params.length - 1}::text`, `$${params.length}::text[]`];
    return `SELECT ${name} AS name, count(*)::int AS rows, coalesce(md5(string_agg(r, '|' ORDER BY r)), '') AS md5
              FROM (SELECT (to_jsonb(t) - ${skip})::text AS r FROM ${table} t) s`;
  });
  const { rows } = await db.query<{ name: string } & TableState>(parts.join('\nUNION ALL\n'), params);
  return Object.fromEntries(rows.map(({ name, rows: n, md5 }) => [name, { rows: n, md5 }]));
}

/** Every table of the given schemas (what a write could touch), as `schema.table`, sorted. */
export async function tablesOf(db: Queryable, schemas: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname = ANY($1::text[]) ORDER BY 1`,
    [[...schemas]],
  );
  return rows.map((r) => r.name);
}

/** Every table of every schema of the platform (not PostgreSQL's own): a write anywhere shows. */
export async function platformTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ s: string }>(
    `SELECT nspname AS s FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema')`,
  );
  return tablesOf(
    db,
    rows.map((r) => r.s),
  );
}

/** Runs `fn` and asserts that the tables are exactly as before it (the diff names the table that moved). */
export async function expectUnchanged<T>(
  db: Queryable,
  tables: readonly string[],
  fn: () => Promise<T>,
  ignore?: Record<string, readonly string[]>,
): Promise<T> {
  const before = await tableState(db, tables, ignore);
  const result = await fn();
  expect(await tableState(db, tables, ignore)).toEqual(before);
  return result;
}
