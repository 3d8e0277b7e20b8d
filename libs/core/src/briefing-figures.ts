/**
 * The figures a briefing showed, frozen when its meeting was marked held, against the figures as they are now (a late
 * correction after a reopening changes the live ones). One comparison for the screen, the print page and the workbook.
 */

/** One level's totals as a briefing shows them: councils, how many reported, each metric's value. */
export interface FigureLevel {
  level: string;
  councils: number;
  reported: number;
  values: Record<string, number>;
}

export interface FigureTable {
  levels: FigureLevel[];
}

/** One metric of one level, then and now. A side that lacks it (a metric added since) is null. */
export interface FigureCell {
  level: string;
  metric: string;
  presented: number | null;
  current: number | null;
  /** current − presented (a missing side counts as 0). */
  delta: number;
  changed: boolean;
}

export interface LevelComparison {
  level: string;
  councils: { presented: number | null; current: number | null };
  reported: { presented: number | null; current: number | null };
  cells: FigureCell[];
}

export interface FigureComparison {
  levels: LevelComparison[];
  /** Cells whose value differs (reported counts included). */
  changed: number;
}

/**
 * Level by level (the presented order, then any level only the current figures have), metric by metric (the current
 * figures' order — the catalogue's — then any metric only the presented ones have).
 */
export function compareFigures(presented: FigureTable, current: FigureTable): FigureComparison {
  const byLevel = (t: FigureTable) => new Map(t.levels.map((l) => [l.level, l]));
  const then = byLevel(presented);
  const now = byLevel(current);
  const levels = [...new Set([...then.keys(), ...now.keys()])];
  let changed = 0;
  const out = levels.map((level): LevelComparison => {
    const p = then.get(level);
    const c = now.get(level);
    const metrics = [...new Set([...Object.keys(c?.values ?? {}), ...Object.keys(p?.values ?? {})])];
    const cells = metrics.map((metric): FigureCell => {
      const a = p ? (p.values[metric] ?? null) : null;
      const b = c ? (c.values[metric] ?? null) : null;
      const diff = a !== b;
      if (diff) changed++;
      return { level, metric, presented: a, current: b, delta: (b ?? 0) - (a ?? 0), changed: diff };
    });
    const reported = { presented: p?.reported ?? null, current: c?.reported ?? null };
    if (reported.presented !== reported.current) changed++;
    return { level, councils: { presented: p?.councils ?? null, current: c?.councils ?? null }, reported, cells };
  });
  return { levels: out, changed };
}
