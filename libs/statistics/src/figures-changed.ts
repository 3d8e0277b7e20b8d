/** Published on Redis after the city's figures for a quarter changed (a compaction folded new deltas in), for live screens. */
export interface FiguresChanged {
  period: string;
  appliedAt: string;
}

export function figuresChannel(queuePrefix: string): string {
  return `${queuePrefix}:figures-changed`;
}
