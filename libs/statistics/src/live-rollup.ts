/**
 * The city's totals as a row source (scope_code, level, period, metric_code,
 * value): the rollups plus the deltas the compactor has not folded in yet, so
 * a report counts the moment its event is applied, not at the next compaction.
 * Used inside one statement, it reads one snapshot; the compactor moves deltas
 * into rollups in one statement too, so no delta is ever seen twice or not at all.
 * `where` is applied to both halves (it may use the statement's parameters).
 */
export function liveRollup(where: string): string {
  return `(SELECT scope_code, level, period, metric_code, value FROM city.rollup WHERE ${where}
           UNION ALL
           SELECT scope_code, level, period, metric_code, delta AS value FROM city.rollup_delta WHERE ${where})`;
}
