/** Published on Redis once an event that changed a quarter's figures has been applied (they count from then on), for live screens. */
export interface FiguresChanged {
  period: string;
  appliedAt: string;
}

export function figuresChannel(queuePrefix: string): string {
  return `${queuePrefix}:figures-changed`;
}
