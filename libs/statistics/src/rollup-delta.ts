/**
 * Pure: what a report's change adds to the rollups. The old snapshot's
 * figures come out (if they counted), the new one's go in (if it counts),
 * under every scope that contains the unit and for both the quarter and its year.
 */
export interface FactContribution {
  unitCode: string;
  unitLevel: string;
  rootCode: string;
  districtCode: string | null;
  period: string;
  counts: boolean;
  values: Record<string, number>;
}

export interface RollupDelta {
  scopeCode: string;
  level: string;
  period: string;
  metricCode: string;
  delta: number;
}

export function scopesOf(f: Pick<FactContribution, 'unitCode' | 'districtCode' | 'rootCode'>): string[] {
  return [...new Set([f.unitCode, f.districtCode, f.rootCode].filter((c): c is string => !!c))];
}

export function periodsOf(period: string): string[] {
  return [period, period.slice(0, 4)];
}

export function rollupDelta(before: FactContribution | null, after: FactContribution): RollupDelta[] {
  const change = new Map<string, number>();
  const add = (f: FactContribution, sign: 1 | -1) => {
    if (!f.counts) return;
    for (const [metric, value] of Object.entries(f.values)) change.set(metric, (change.get(metric) ?? 0) + sign * value);
  };
  if (before) add(before, -1);
  add(after, 1);
  // A report never changes unit or period (they key it), so one set of scopes serves both sides.
  const out: RollupDelta[] = [];
  for (const [metricCode, delta] of change) {
    if (delta === 0) continue;
    for (const scopeCode of scopesOf(after))
      for (const period of periodsOf(after.period)) out.push({ scopeCode, level: after.unitLevel, period, metricCode, delta });
  }
  return out;
}

/** Deltas of several changes as one per key (zeros dropped): a batch of reports inserts one row per total it moves. */
export function sumDeltas(deltas: RollupDelta[]): RollupDelta[] {
  const sums = new Map<string, RollupDelta>();
  for (const d of deltas) {
    const key = `${d.scopeCode}|${d.level}|${d.period}|${d.metricCode}`;
    const seen = sums.get(key);
    if (seen) seen.delta += d.delta;
    else sums.set(key, { ...d });
  }
  return [...sums.values()].filter((d) => d.delta !== 0);
}
