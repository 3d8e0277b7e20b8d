import { createHash } from 'node:crypto';

import type { AuthUser } from '@council/auth';
import type { QuarterPeriod, ValidationFinding } from '@council/core';
import type { CouncilUnitEntity } from '@council/hierarchy';
import type { StoredValue } from '@council/metrics';

import type { ReportInput } from './dto/report.input.js';

/** Who a change is written as: the signed-in user, or a system actor (the demo seed's `demo-seed`). */
export type Actor = Pick<AuthUser, 'username' | 'role'>;

/** What a report row takes from its unit (as the quarter began). */
export type ReportUnit = Pick<CouncilUnitEntity, 'code' | 'unitId' | 'level' | 'rootCode' | 'parentCode'>;

/** A submission once checked (scope, rules, deadline): what either way of writing it — fast or locked — takes. */
export interface Submission {
  user: Actor;
  unit: ReportUnit;
  quarter: QuarterPeriod;
  dueDate: string;
  input: ReportInput;
  values: StoredValue[];
  findings: ValidationFinding[];
  /** Of the content as submitted: a replayed idempotency key must bring the same. */
  contentHash: string;
  idempotencyKey: string | null;
  /** When it was filed (and so whether it was late). Unset: the moment it is written — the API's case; the demo seed files 2024 on 2024's days. */
  at?: Date;
}

/** A submission with the hash of its content, as every writer of one builds it. */
export function submissionOf(s: Omit<Submission, 'contentHash'>): Submission {
  return { ...s, contentHash: hashContent(s.input.unitCode, s.input.period, s.values, s.input) };
}

/** The hash a submission of this input would be stored with: equal to the latest version's, it would change nothing. */
export function reportContentHash(input: ReportInput): string {
  return hashContent(
    input.unitCode,
    input.period,
    input.values.map((v) => ({ metric: v.metric, value: v.value })),
    input,
  );
}

function hashContent(unitCode: string, period: string, values: StoredValue[], input: ReportInput): string {
  const canonical = JSON.stringify([
    unitCode,
    period,
    [...values].sort((a, b) => a.metric.localeCompare(b.metric)),
    input.highlights ?? null,
    input.shortcomings ?? null,
    input.proposals ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Which narrative fields differ (for the audit log). */
export function changedNarrative(
  before: { highlights?: string | null; shortcomings?: string | null; proposals?: string | null },
  after: ReportInput,
): string[] {
  return (['highlights', 'shortcomings', 'proposals'] as const).filter((k) => (before[k] ?? null) !== (after[k] ?? null));
}

/** What a submission clears on its report: the draft it turns into a version, and the review of the one before. */
export const CLEARED_BY_SUBMISSION = {
  draftValues: null,
  draftHighlights: null,
  draftShortcomings: null,
  draftProposals: null,
  draftSavedBy: null,
  draftFindings: null,
  reviewComment: null,
  reviewedBy: null,
  reviewedAt: null,
} as const;

/** The same, as the SET list of the submission statements (`draft_values = NULL, …`). */
export const CLEARED_BY_SUBMISSION_SQL = Object.keys(CLEARED_BY_SUBMISSION)
  .map((field) => `${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = NULL`)
  .join(', ');
