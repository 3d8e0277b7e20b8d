import { randomUUID } from 'node:crypto';

import { type RequestContext, UnitScopeService } from '@council/auth';
import {
  blocksSubmission,
  ConflictError,
  districtCodeOf,
  ForbiddenError,
  InvalidInputError,
  parseQuarter,
  quarterNotStarted,
  type QuarterPeriod,
  quarterStartDay,
  refusesStorage,
  type ReportHistory,
  Role,
  Severity,
  toInvalidInputError,
  validateReport,
  type ValidationFinding,
  vietnamDate,
} from '@council/core';
import type { CouncilUnitEntity } from '@council/hierarchy';
import { OutboxNotifier } from '@council/messaging';
import { type MetricEntity, MetricsService, type StoredValue } from '@council/metrics';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { ClosingService } from './closing/closing.service.js';
import type { ReportInput } from './dto/report.input.js';
import { ReportEntity, ReportStatus } from './report.entity.js';
import { lockReport, persistReport, readVersion, ReportStore, type ReportView, writeAudit } from './report.store.js';
import { ReportHistoryService } from './report-history.service.js';
import { diffValues, submittedSnapshotPart } from './report-snapshot.js';
import { ReportVersionEntity } from './report-version.entity.js';
import { ReportingPeriodService } from './reporting-period.service.js';
import { changedNarrative, CLEARED_BY_SUBMISSION, type Submission, submissionOf } from './submission.js';
import { type SubmissionState, SubmissionStore, submitUnderLock } from './submission.store.js';

const MAX_VALUES = 200;
const MAX_KEY = 200;

@Injectable()
export class ReportingService {
  /** Submissions written since start, by the way they were written: the locked path decides races (and replays). */
  readonly paths = { fast: 0, locked: 0 };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: UnitScopeService,
    private readonly metrics: MetricsService,
    private readonly history: ReportHistoryService,
    private readonly periods: ReportingPeriodService,
    private readonly outbox: OutboxNotifier,
    private readonly submissions: SubmissionStore,
    private readonly store: ReportStore,
    private readonly closing: ClosingService,
  ) {}

  /**
   * Create or update the draft, whatever its findings: only the structural rules
   * (`refusesStorage`: a bad period, an unknown or repeated metric, a value that
   * is not a whole number) refuse it. Every other finding, ERROR ones included,
   * is stored with the draft and returned; `submit` is what an ERROR blocks.
   * A draft is never sent to the city: nothing here writes to the outbox.
   */
  async saveDraft(ctx: RequestContext, input: ReportInput): Promise<ReportView> {
    const { unit, quarter, values, findings, dueDate } = await this.check(ctx, input);
    const user = ctx.requireUser();
    return this.db.transaction(async (tx) => {
      // The quarter's lock before the row's (ClosingService.enterQuarter), the closing check after both.
      await this.closing.enterQuarter(tx, quarter.code);
      const report = await lockReport(tx, unit, quarter, dueDate);
      await this.closing.assertOpen(tx, report, 'input.period');
      if (report.status === ReportStatus.SUBMITTED || report.status === ReportStatus.ACCEPTED) {
        throw new ConflictError(
          {
            vi: 'Báo cáo đã gửi: để sửa, hãy gửi lại bản đã sửa (một phiên bản mới)',
            en: 'The report is already submitted: to correct it, submit again (a new version)',
          },
          { status: report.status },
        );
      }
      const previous = report.draftValues ?? (report.version > 0 ? (await readVersion(tx, report.id, report.version)).values : null);
      const narrativeBefore = {
        highlights: report.draftHighlights,
        shortcomings: report.draftShortcomings,
        proposals: report.draftProposals,
      };
      report.status = ReportStatus.DRAFT;
      report.draftValues = values;
      report.draftHighlights = input.highlights ?? null;
      report.draftShortcomings = input.shortcomings ?? null;
      report.draftProposals = input.proposals ?? null;
      report.draftSavedBy = user.username;
      report.draftFindings = findings;
      await persistReport(tx, report);
      await writeAudit(tx, user, report, 'SAVE_DRAFT', null, {
        values: diffValues(previous, values),
        narrative: changedNarrative(narrativeBefore, input),
      });
      return { report, shown: null, findings };
    });
  }

  /**
   * Save and submit in one step: a new immutable version, its figures as rows,
   * the audit entry and the event for the city, all in one transaction.
   * Submissions for one report are serialised on its row lock, so concurrent
   * ones all become versions, in order, and an idempotency key is honoured
   * however many times it arrives at once.
   *
   * The usual case costs two round trips after the scope check: one read (the
   * report's latest version, whether the key was used, the unit's history) and
   * one statement that writes everything, only if the quarter is open for the
   * report and that version is still the latest (`SubmissionStore`). A replayed
   * key, a submission that lost a race, or a closed quarter is decided again in a
   * transaction under the report's row lock.
   */
  async submit(ctx: RequestContext, input: ReportInput, idempotencyKey?: string | null): Promise<ReportView> {
    return (await this.submitting(ctx, input, idempotencyKey)).view;
  }

  /**
   * `submit`, saying whether this call wrote the version it answers with: a replay of its key (the same file imported
   * twice at once, say) answers the version the other call wrote, and `wrote` is false.
   */
  async submitting(ctx: RequestContext, input: ReportInput, idempotencyKey?: string | null): Promise<{ view: ReportView; wrote: boolean }> {
    if (idempotencyKey != null && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY)) {
      throw new InvalidInputError('idempotencyKey', {
        vi: `Khóa chống gửi trùng phải dài 1–${MAX_KEY} ký tự`,
        en: `idempotencyKey must be 1–${MAX_KEY} characters`,
      });
    }
    const key = idempotencyKey ?? null;
    const quarter = startedQuarter(input.period);
    this.checkShape(input);
    const unit = await this.scope.writable(ctx, input.unitCode, quarterStartDay(quarter), 'input.unitCode');
    // The report's state and the unit's history in one read (no transaction); the rest comes from memos.
    const [state, peerMedian, metrics, dueDate] = await Promise.all([
      this.submissions.state(unit.code, quarter.code, key),
      this.history.peerMedians(unit.rootCode, unit.level, quarter.code),
      this.metrics.byCode(),
      this.periods.dueDate(quarter),
    ]);
    const { values, findings } = this.validate(
      unit,
      quarter,
      input,
      metrics,
      { previousMax: state.previousMax, peerMedian },
      blocksSubmission,
    );
    // The closing is checked by the write itself (its statement writes nothing in a closed quarter) and, when it wrote
    // nothing, by the locked path, which refuses with PERIOD_CLOSED: no check ahead, which a closing could overtake.
    const user = ctx.requireUser();
    const submission = submissionOf({ user, unit, quarter, dueDate, input, values, findings, idempotencyKey: key });
    if (!state.keyUsed) {
      const view = await this.submitIfUnchanged(submission, state);
      if (view) return { view, wrote: true };
    }
    // A replayed idempotency key, another submission of this report came first, or the quarter is closed: decide under
    // the report's lock.
    return this.submitLocked(submission);
  }

  /**
   * The submission as one statement, if the report's latest version is still
   * the one `state` was read at: null (nothing written) if another submission
   * came first.
   */
  private async submitIfUnchanged(submission: Submission, state: SubmissionState): Promise<ReportView | null> {
    const { user, unit, quarter, dueDate, input, values, findings, contentHash, idempotencyKey } = submission;
    const now = submission.at ?? new Date();
    const versionId = randomUUID();
    const content = {
      highlights: input.highlights ?? null,
      shortcomings: input.shortcomings ?? null,
      proposals: input.proposals ?? null,
    };
    const row = await this.submissions.submit(
      {
        unitCode: unit.code,
        unitId: unit.unitId,
        unitLevel: unit.level,
        rootCode: unit.rootCode,
        districtCode: districtCodeOf(unit),
        period: quarter.code,
        dueDate,
        now,
        today: vietnamDate(now),
        expectedVersion: state.version,
        versionId,
        submittedBy: user.username,
        userRole: user.role,
        values,
        ...content,
        findings,
        idempotencyKey,
        contentHash,
        // As the transactional path writes them; `late` is decided against the stored due date, in the statement.
        changes: {
          values: diffValues(state.previous?.values, values),
          narrative: changedNarrative(state.previous ?? {}, input),
          idempotencyKey,
          warnings: findings.map((f) => f.rule),
        },
        outboxId: randomUUID(),
      },
      submittedSnapshotPart(values, now),
    );
    if (!row) return null;
    this.paths.fast++;
    this.outbox.notify();
    const { lateNow, ...stored } = row;
    const report = Object.assign(new ReportEntity(), {
      ...stored,
      unitCode: unit.code,
      unitLevel: unit.level,
      rootCode: unit.rootCode,
      districtCode: districtCodeOf(unit),
      period: quarter.code,
      status: ReportStatus.SUBMITTED,
      ...CLEARED_BY_SUBMISSION,
    });
    const version = Object.assign(new ReportVersionEntity(), {
      id: versionId,
      reportId: report.id,
      version: report.version,
      submittedAt: now,
      submittedBy: user.username,
      late: lateNow,
      values,
      ...content,
      findings,
      idempotencyKey,
      contentHash,
    });
    return { report, shown: version, findings };
  }

  /**
   * What `submit` would find, writing nothing (the Excel import's dry run): the same scope check and rules, every
   * finding returned rather than thrown, and the latest version, so a caller can tell a submission that would change
   * nothing (`reportContentHash` equal to its `contentHash`).
   */
  async preview(
    ctx: RequestContext,
    input: ReportInput,
  ): Promise<{ findings: ValidationFinding[]; latest: { version: number; contentHash: string } | null }> {
    const quarter = withRule('PERIOD_INVALID', () => parseQuarter(input.period, 'input.period'));
    this.checkShape(input);
    const unit = await this.scope.writable(ctx, input.unitCode, quarterStartDay(quarter), 'input.unitCode');
    const [metrics, history, report] = await Promise.all([
      this.metrics.byCode(),
      this.history.historyFor(unit.code, unit.rootCode, unit.level, quarter.code),
      this.db.getRepository(ReportEntity).findOneBy({ unitCode: unit.code, period: quarter.code }),
    ]);
    const { findings } = this.validate(unit, quarter, input, metrics, history, () => false);
    // A closed quarter is the submission's refusal too (checked again under the quarter's lock when it is sent).
    const closed = await this.closing.closedError(
      this.db.manager,
      { unitCode: unit.code, rootCode: unit.rootCode, districtCode: districtCodeOf(unit), period: quarter.code },
      'input.period',
    );
    if (closed)
      findings.unshift({
        rule: closed.kind,
        severity: Severity.ERROR,
        message: closed.message,
        messageEn: closed.messageEn,
        field: closed.field,
      });
    const latest = report && report.version > 0 ? await readVersion(this.db.manager, report.id, report.version) : null;
    return { findings, latest: latest && { version: latest.version, contentHash: latest.contentHash } };
  }

  /**
   * The submission in a transaction holding the report's row lock: replays, conflicts, races and a closed quarter
   * (`submitUnderLock`, with the closing check once the row is locked, after the quarter's lock).
   */
  private async submitLocked(submission: Submission): Promise<{ view: ReportView; wrote: boolean }> {
    const outcome = await this.store.changing(async (tx) => {
      await this.closing.enterQuarter(tx, submission.quarter.code);
      return submitUnderLock(tx, submission, (report) => this.closing.assertOpen(tx, report, 'input.period'));
    });
    if (outcome.wrote) this.paths.locked++;
    return outcome;
  }

  async get(ctx: RequestContext, unitCode: string, period: string): Promise<ReportView | null> {
    const quarter = parseQuarter(period, 'period');
    await this.scope.readable(ctx, unitCode, quarterStartDay(quarter), 'unitCode');
    const report = await this.db.getRepository(ReportEntity).findOneBy({ unitCode, period: quarter.code });
    if (!report) return null;
    return this.store.view(this.db.manager, report);
  }

  /**
   * Reports the caller may read. `parentCode` lists the reports of that
   * unit's direct subordinates (a district's wards, the city's districts).
   */
  async list(
    ctx: RequestContext,
    filter: { period?: string | null; parentCode?: string | null; status?: ReportStatus | null; unitCode?: string | null },
  ): Promise<ReportView[]> {
    const user = ctx.requireUser();
    const quarter = filter.period != null ? parseQuarter(filter.period, 'period') : null;
    const qb = this.db.getRepository(ReportEntity).createQueryBuilder('r');
    if (filter.parentCode) {
      await this.scope.readable(ctx, filter.parentCode, quarter ? quarterStartDay(quarter) : vietnamDate(new Date()), 'parentCode');
      qb.andWhere(`((r.unitLevel = 'WARD' AND r.districtCode = :parent) OR (r.unitLevel = 'DISTRICT' AND r.rootCode = :parent))`, {
        parent: filter.parentCode,
      });
    }
    if (filter.unitCode) {
      await this.scope.readable(ctx, filter.unitCode, quarter ? quarterStartDay(quarter) : vietnamDate(new Date()), 'unitCode');
      qb.andWhere('r.unitCode = :unit', { unit: filter.unitCode });
    }
    if (!ctx.isCityWide) {
      if (user.role === Role.DISTRICT_STAFF) qb.andWhere('r.districtCode = :mine', { mine: user.unitCode });
      else if (user.role === Role.WARD_STAFF) qb.andWhere('r.unitCode = :mine', { mine: user.unitCode });
      else throw new ForbiddenError();
    }
    if (quarter) qb.andWhere('r.period = :period', { period: quarter.code });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    const reports = await qb.orderBy('r.period', 'DESC').addOrderBy('r.unitCode').getMany();
    return this.store.views(reports);
  }

  async versions(ctx: RequestContext, reportIds: readonly string[]): Promise<Map<string, ReportVersionEntity[]>> {
    ctx.requireUser();
    const rows = reportIds.length
      ? await this.db
          .getRepository(ReportVersionEntity)
          .createQueryBuilder('v')
          .where('v.reportId IN (:...ids)', { ids: [...reportIds] })
          .orderBy('v.version', 'ASC')
          .getMany()
      : [];
    const out = new Map<string, ReportVersionEntity[]>(reportIds.map((id) => [id, []]));
    for (const v of rows) out.get(v.reportId)?.push(v);
    return out;
  }

  // ----------------------------------------------------------------- internals

  /** A draft's shape checks, unit and scope, then the rules: everything that can refuse it before a transaction opens. */
  private async check(ctx: RequestContext, input: ReportInput) {
    const quarter = startedQuarter(input.period);
    this.checkShape(input);
    const unit = await this.scope.writable(ctx, input.unitCode, quarterStartDay(quarter), 'input.unitCode');
    const metrics = await this.metrics.byCode();
    const history = input.values.length ? await this.history.historyFor(unit.code, unit.rootCode, unit.level, quarter.code) : undefined;
    const { values, findings } = this.validate(unit, quarter, input, metrics, history, refusesStorage);
    // Read now, not inside the transaction: a second pooled connection taken while holding one can exhaust the pool.
    const dueDate = await this.periods.dueDate(quarter);
    return { unit, quarter, values, findings, dueDate };
  }

  private checkShape(input: ReportInput): void {
    if (input.values.length > MAX_VALUES) {
      throw new InvalidInputError('input.values', {
        vi: `Tối đa ${MAX_VALUES} chỉ tiêu trong một báo cáo`,
        en: `At most ${MAX_VALUES} values in one report`,
      });
    }
  }

  /**
   * The rules: a finding that `refuses` (any ERROR for a submission, a structural one for a draft) refuses the input;
   * the others are returned, to be stored with the draft or the version.
   */
  private validate(
    unit: CouncilUnitEntity,
    quarter: QuarterPeriod,
    input: ReportInput,
    metrics: ReadonlyMap<string, MetricEntity>,
    history: ReportHistory | undefined,
    refuses: (f: ValidationFinding) => boolean,
  ) {
    const findings = validateReport(
      {
        unitCode: unit.code,
        unitLevel: unit.level,
        period: quarter.code,
        values: input.values,
        highlights: input.highlights,
        shortcomings: input.shortcomings,
        proposals: input.proposals,
      },
      { now: new Date(), metrics, history },
    );
    if (findings.some(refuses)) throw toInvalidInputError(findings, refuses);
    const values: StoredValue[] = input.values.map((v) => ({ metric: v.metric, value: v.value }));
    return { values, findings };
  }
}

/**
 * The quarter a draft or a submission is for, refused ahead of the unit when it is not one or has not begun: its
 * council is the unit as it stands at the quarter's start, which need not exist yet (a district after 2025-07-01).
 */
function startedQuarter(period: string): QuarterPeriod {
  const quarter = withRule('PERIOD_INVALID', () => parseQuarter(period, 'input.period'));
  const notStarted = quarterNotStarted(quarter, new Date());
  if (notStarted.length) throw toInvalidInputError(notStarted, () => true);
  return quarter;
}

/** A rule checked ahead of the others still names its code, like the rest of the rules. */
function withRule<T>(rule: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof InvalidInputError)
      throw new InvalidInputError(e.field, { vi: e.message, en: e.messageEn }, { ...e.details, rules: [rule] });
    throw e;
  }
}
