/** What a validation rule reports about a draft report. */
export enum Severity {
  /** Blocks submission. */
  ERROR = 'ERROR',
  /** Stored and shown with the report; does not block. */
  WARNING = 'WARNING',
}

export interface ValidationFinding {
  /** Stable rule code, e.g. "VALUE_NEGATIVE"; clients may key on it. */
  rule: string;
  severity: Severity;
  /** Vietnamese, what council staff read. */
  message: string;
  messageEn: string;
  /** Path inside the report input, e.g. "values[2].value". */
  field?: string;
  /** The metric code concerned, when there is one. */
  metric?: string;
}
