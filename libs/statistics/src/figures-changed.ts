/** Published on Redis once an event that changed a quarter's figures has been applied (they count from then on), for live screens. */
export interface FiguresChanged {
  period: string;
  appliedAt: string;
  /** The requests whose events changed them: city-api logs its refresh under each, so a report's trace reaches it. */
  requestIds?: string[];
}

export function figuresChannel(queuePrefix: string): string {
  return `${queuePrefix}:figures-changed`;
}
