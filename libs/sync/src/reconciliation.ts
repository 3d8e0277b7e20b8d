import { compareCodes } from '@council/core';

/**
 * What reconciliation needs of a database: `query(sql, params)`. A TypeORM
 * DataSource answers with the rows, a pg Client or Pool with `{ rows }`; both
 * fit, so the worker, the tests and the benches call the same functions.
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

async function rowsOf<T>(db: Queryable, sql: string, params?: unknown[]): Promise<T[]> {
  const result = (await db.query(sql, params)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * The rollup cells (scope|level|period|metric → total) of a set of figures, in
 * SQL: the same scopes (unit, district, province) and periods (quarter, year)
 * as `rollupDelta` gives the consumer. `figures` is a query returning
 * unit_code, district_code, root_code, level, period, metric_code, value.
 */
function cellsOf(figures: string): string {
  return `
    WITH f AS (${figures})
    SELECT s.scope || '|' || f.level || '|' || p.period || '|' || f.metric_code AS k, sum(f.value)::bigint AS v
      FROM f
      CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[f.unit_code, f.district_code, f.root_code]) AS x WHERE x IS NOT NULL) s(scope)
      CROSS JOIN LATERAL (VALUES (f.period), (left(f.period, 4))) p(period)
     GROUP BY 1`;
}

/** The city's totals as a query: the rollups plus the deltas not folded in yet. */
const CITY_CELLS = `
  SELECT scope_code || '|' || level || '|' || period || '|' || metric_code AS k, sum(v)::bigint AS v
    FROM (SELECT scope_code, level, period, metric_code, value AS v FROM city.rollup
          UNION ALL SELECT scope_code, level, period, metric_code, delta FROM city.rollup_delta) t
   GROUP BY 1`;

/**
 * Totals recomputed from scratch from the district side's latest versions of
 * reports that count.
 */
export async function expectedFromDistrict(district: Queryable): Promise<Map<string, number>> {
  const rows = await rowsOf<{ k: string; v: string }>(
    district,
    cellsOf(`SELECT r.unit_code, r.district_code, r.root_code, r.unit_level::text AS level, r.period, rv.metric_code, rv.value
               FROM district.report r JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              WHERE r.version > 0 AND r.status IN ('SUBMITTED', 'ACCEPTED')`),
  );
  return new Map(rows.filter((r) => Number(r.v) !== 0).map((r) => [r.k, Number(r.v)]));
}

/** The city's totals: the rollups plus the deltas not folded in yet. */
export async function cityRollups(city: Queryable): Promise<Map<string, number>> {
  const rows = await rowsOf<{ k: string; v: string }>(city, `SELECT k, v FROM (${CITY_CELLS}) c WHERE v <> 0`);
  return new Map(rows.map((r) => [r.k, Number(r.v)]));
}

/** The cells whose values differ (a missing cell counts as 0). */
export function driftBetween(
  expected: Map<string, number>,
  actual: Map<string, number>,
): { cell: string; expected: number; actual: number }[] {
  const out: { cell: string; expected: number; actual: number }[] = [];
  for (const cell of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(cell) ?? 0;
    const a = actual.get(cell) ?? 0;
    if (e !== a) out.push({ cell, expected: e, actual: a });
  }
  return out.sort((x, y) => compareCodes(x.cell, y.cell));
}

export interface ReconciliationReport {
  /** Rollup totals (folded and pending) that differ from the sum of the city's own facts: read in one snapshot, so exact at any moment. */
  rollupCells: { cell: string; expected: number; actual: number }[];
  /** Reports the city holds at the district's revision but with other figures, status or counting. */
  factMismatches: string[];
  /** Reports the city has not caught up with although the district changed them longer ago than the grace period. */
  behind: string[];
  /** Reports still in flight (changed within the grace period): expected, not drift. */
  inFlight: number;
}

/**
 * The whole check, written so that events in flight are never mistaken for
 * drift: totals are compared with the city's facts in one snapshot, facts
 * with the district only where both sides are at the same revision, and a
 * report counts as lost only once it has been behind for longer than `graceMs`.
 * A report's age is taken from PostgreSQL's clock, the one that stamped
 * `updated_at`: the process's clock may differ (another host, or TEST_CLOCK).
 */
export async function reconcile(district: Queryable, city: Queryable, graceMs: number): Promise<ReconciliationReport> {
  // NaN would make every comparison false (nothing ever behind), a negative grace everything behind: refuse both.
  if (!Number.isFinite(graceMs) || graceMs < 0)
    throw new RangeError(`reconcile: graceMs must be a number of milliseconds ≥ 0, not ${graceMs}`);
  // One statement, so one snapshot: a fact and its deltas commit together, and this comparison is exact at any moment.
  const rollupRows = await rowsOf<{ k: string; expected: string; actual: string }>(
    city,
    `
    WITH expected AS (${cellsOf(`SELECT f.unit_code, f.district_code, f.root_code, f.unit_level AS level, f.period, kv.key AS metric_code, kv.value::bigint AS value
                                  FROM city.report_fact f, jsonb_each_text(f.values) AS kv WHERE f.counts`)}),
         actual AS (${CITY_CELLS})
    SELECT coalesce(e.k, a.k) AS k, coalesce(e.v, 0) AS expected, coalesce(a.v, 0) AS actual
      FROM expected e FULL JOIN actual a ON a.k = e.k
     WHERE coalesce(e.v, 0) <> coalesce(a.v, 0)`,
  );

  const [districtRows, cityRows] = await Promise.all([
    rowsOf<{ id: string; revision: number; status: string; age_ms: number; figures: string }>(
      district,
      `
      SELECT r.id::text AS id, r.revision, r.status::text AS status, extract(epoch FROM clock_timestamp() - r.updated_at)::float8 * 1000 AS age_ms,
             coalesce(string_agg(rv.metric_code || '=' || rv.value, ',' ORDER BY rv.metric_code), '') AS figures
        FROM district.report r LEFT JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
       WHERE r.version > 0 GROUP BY r.id`,
    ),
    rowsOf<{ id: string; revision: number; status: string; counts: boolean; figures: string }>(
      city,
      `
      SELECT f.report_id::text AS id, f.revision, f.status, f.counts,
             coalesce((SELECT string_agg(kv.key || '=' || kv.value, ',' ORDER BY kv.key) FROM jsonb_each_text(f.values) kv), '') AS figures
        FROM city.report_fact f`,
    ),
  ]);
  const cityById = new Map(cityRows.map((r) => [r.id, r]));
  const factMismatches: string[] = [];
  const behind: string[] = [];
  let inFlight = 0;
  for (const d of districtRows) {
    const c = cityById.get(d.id);
    if (!c || c.revision < d.revision) {
      if (Number(d.age_ms) > graceMs) behind.push(d.id);
      else inFlight++;
      continue;
    }
    if (c.revision > d.revision) {
      factMismatches.push(`${d.id}: city revision ${c.revision} ahead of district ${d.revision}`);
      continue;
    }
    // A returned report the district has since re-drafted is still RETURNED for the city.
    const counts = d.status === 'SUBMITTED' || d.status === 'ACCEPTED';
    if (c.figures !== d.figures || c.counts !== counts)
      factMismatches.push(`${d.id}: city ${c.status}/${c.counts} {${c.figures}} ≠ district ${d.status} {${d.figures}}`);
  }
  return {
    rollupCells: rollupRows.map((r) => ({ cell: r.k, expected: Number(r.expected), actual: Number(r.actual) })),
    factMismatches,
    behind,
    inFlight,
  };
}

/** A reconciliation in figures an operator reads (/health, the worker's log, a bench's output). */
export interface ReconciliationSummary {
  drift: number;
  rollupCells: number;
  factMismatches: number;
  behind: number;
  inFlight: number;
  /** Up to three of each kind: rollup cells as objects, fact mismatches as text, lost reports as `behind: <id>`. */
  sample: unknown[];
}

export function summarizeReconciliation(r: ReconciliationReport): ReconciliationSummary {
  return {
    drift: r.rollupCells.length + r.factMismatches.length + r.behind.length,
    rollupCells: r.rollupCells.length,
    factMismatches: r.factMismatches.length,
    behind: r.behind.length,
    inFlight: r.inFlight,
    sample: [...r.rollupCells.slice(0, 3), ...r.factMismatches.slice(0, 3), ...r.behind.slice(0, 3).map((id) => `behind: ${id}`)],
  };
}

/** One line: how much of each kind of drift, with the sample (the worker logs it; the benches print it). */
export function reconciliationText(s: ReconciliationSummary, graceMs: number): string {
  if (!s.drift) return `0 drift (${s.inFlight} report(s) in flight)`;
  return (
    `drift — ${s.rollupCells} total(s) ≠ facts, ${s.factMismatches} fact(s) ≠ district, ${s.behind} report(s) behind for over ${graceMs / 1000} s ` +
    `(${s.inFlight} in flight); e.g. ${JSON.stringify(s.sample)}`
  );
}
