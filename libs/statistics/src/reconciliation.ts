import { compareCodes } from '@council/core';
import type { DataSource } from 'typeorm';

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
export async function expectedFromDistrict(district: DataSource): Promise<Map<string, number>> {
  const rows: { k: string; v: string }[] = await district.query(
    cellsOf(`SELECT r.unit_code, r.district_code, r.root_code, r.unit_level::text AS level, r.period, rv.metric_code, rv.value
               FROM district.report r JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
              WHERE r.version > 0 AND r.status IN ('SUBMITTED', 'ACCEPTED')`),
  );
  return new Map(rows.filter((r) => Number(r.v) !== 0).map((r) => [r.k, Number(r.v)]));
}

/** The city's totals: the rollups plus the deltas not folded in yet. */
export async function cityRollups(city: DataSource): Promise<Map<string, number>> {
  const rows: { k: string; v: string }[] = await city.query(`SELECT k, v FROM (${CITY_CELLS}) c WHERE v <> 0`);
  return new Map(rows.map((r) => [r.k, Number(r.v)]));
}

/** The cells whose values differ (a missing cell counts as 0). */
export function driftBetween(expected: Map<string, number>, actual: Map<string, number>): { cell: string; expected: number; actual: number }[] {
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
 */
export async function reconcile(district: DataSource, city: DataSource, graceMs: number): Promise<ReconciliationReport> {
  // One statement, so one snapshot: a fact and its deltas commit together, and this comparison is exact at any moment.
  const rollupRows: { k: string; expected: string; actual: string }[] = await city.query(`
    WITH expected AS (${cellsOf(`SELECT f.unit_code, f.district_code, f.root_code, f.unit_level AS level, f.period, kv.key AS metric_code, kv.value::bigint AS value
                                  FROM city.report_fact f, jsonb_each_text(f.values) AS kv WHERE f.counts`)}),
         actual AS (${CITY_CELLS})
    SELECT coalesce(e.k, a.k) AS k, coalesce(e.v, 0) AS expected, coalesce(a.v, 0) AS actual
      FROM expected e FULL JOIN actual a ON a.k = e.k
     WHERE coalesce(e.v, 0) <> coalesce(a.v, 0)`);

  const [districtRows, cityRows] = await Promise.all([
    district.query(`
      SELECT r.id::text AS id, r.revision, r.status::text AS status, (extract(epoch FROM r.updated_at) * 1000)::bigint AS changed,
             coalesce(string_agg(rv.metric_code || '=' || rv.value, ',' ORDER BY rv.metric_code), '') AS figures
        FROM district.report r LEFT JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
       WHERE r.version > 0 GROUP BY r.id`) as Promise<{ id: string; revision: number; status: string; changed: string; figures: string }[]>,
    city.query(`
      SELECT f.report_id::text AS id, f.revision, f.status, f.counts,
             coalesce((SELECT string_agg(kv.key || '=' || kv.value, ',' ORDER BY kv.key) FROM jsonb_each_text(f.values) kv), '') AS figures
        FROM city.report_fact f`) as Promise<{ id: string; revision: number; status: string; counts: boolean; figures: string }[]>,
  ]);
  const cityById = new Map(cityRows.map((r) => [r.id, r]));
  const now = Date.now();
  const factMismatches: string[] = [];
  const behind: string[] = [];
  let inFlight = 0;
  for (const d of districtRows) {
    const c = cityById.get(d.id);
    if (!c || c.revision < d.revision) {
      if (now - Number(d.changed) > graceMs) behind.push(d.id);
      else inFlight++;
      continue;
    }
    if (c.revision > d.revision) {
      factMismatches.push(`${d.id}: city revision ${c.revision} ahead of district ${d.revision}`);
      continue;
    }
    // A returned report the district has since re-drafted is still RETURNED for the city.
    const counts = d.status === 'SUBMITTED' || d.status === 'ACCEPTED';
    if (c.figures !== d.figures || c.counts !== counts) factMismatches.push(`${d.id}: city ${c.status}/${c.counts} {${c.figures}} ≠ district ${d.status} {${d.figures}}`);
  }
  return {
    rollupCells: rollupRows.map((r) => ({ cell: r.k, expected: Number(r.expected), actual: Number(r.actual) })),
    factMismatches,
    behind,
    inFlight,
  };
}
