import type { QuarterPeriod, ValidationFinding } from '@council/core';
import type { AuthUser } from '@council/auth';
import type { CouncilUnitEntity } from '@council/hierarchy';
import type { StoredValue } from '@council/metrics';
import type { ReportInput } from './dto/report.input.js';

/** A submission once checked (scope, rules, deadline): what either way of writing it — fast or locked — takes. */
export interface Submission {
  user: AuthUser;
  unit: CouncilUnitEntity;
  quarter: QuarterPeriod;
  dueDate: string;
  input: ReportInput;
  values: StoredValue[];
  findings: ValidationFinding[];
  /** Of the content as submitted: a replayed idempotency key must bring the same. */
  contentHash: string;
  idempotencyKey: string | null;
}
