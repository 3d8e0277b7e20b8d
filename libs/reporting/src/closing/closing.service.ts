import type { RequestContext } from '@council/auth';
import { UnitScopeService } from '@council/auth';
import {
  ConflictError,
  CouncilLevel,
  districtCodeOf,
  ForbiddenError,
  hasStarted,
  InvalidInputError,
  isUuid,
  NotFoundError,
  parseQuarter,
  PeriodClosedError,
  periodLabel,
  type QuarterPeriod,
  quarterStartDay,
  Role,
  vietnamDate,
  vietnameseDateText,
} from '@council/core';
import { HierarchyService } from '@council/hierarchy';
import {
  appendDistrictEvent,
  OutboxNotifier,
  type QuarterClosedPayload,
  type QuarterClosureSnapshot,
  type ReopenSnapshot,
} from '@council/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '../audit.service.js';
import { ReportEntity } from '../report.entity.js';
import { lockReport, writeAudit } from '../report.store.js';
import { ReportingPeriodService } from '../reporting-period.service.js';
import { QuarterClosureEntity } from './quarter-closure.entity.js';
import { quarterLockKeySql } from './quarter-lock.js';
import { ReopenRequestEntity, ReopenStatus } from './reopen-request.entity.js';

const MAX_TEXT = 2000;

/** Where a report stands against its quarter's closing: the latest closure covering it, and a grant that still holds. */
export interface ClosureState {
  closure: QuarterClosureEntity | null;
  grant: ReopenRequestEntity | null;
}

/** The report's unit as the closing rules need it. */
export interface ClosingTarget {
  unitCode: string;
  rootCode: string;
  districtCode: string | null;
  period: string;
}

const CLOSURE_COLUMNS = `c.id, c.period, c.scope_code AS "scopeCode", c.closed_at AS "closedAt", c.recorded_at AS "recordedAt", c.closed_by AS "closedBy", c.source, c.event_id AS "eventId"`;
const REQUEST_COLUMNS = `r.id, r.report_id AS "reportId", r.unit_code AS "unitCode", r.unit_level AS "unitLevel", r.district_code AS "districtCode",
  r.period, r.status, r.reason, r.requested_by AS "requestedBy", r.requested_at AS "requestedAt", r.decided_by AS "decidedBy",
  r.decided_at AS "decidedAt", r.note, r.ended_at AS "endedAt"`;

/** What the city side is told of a closure once it is recorded (QuarterClosureRecorded). */
function closureSnapshot(c: QuarterClosureEntity): QuarterClosureSnapshot {
  return {
    closureId: c.id,
    period: c.period,
    scopeCode: c.scopeCode,
    closedBy: c.closedBy,
    closedAt: new Date(c.closedAt).toISOString(),
    source: c.source,
  };
}

/** What the city side is told of a request after each step (ReopenChanged). */
function reopenSnapshot(r: ReopenRequestEntity): ReopenSnapshot {
  return {
    id: r.id,
    reportId: r.reportId,
    unitCode: r.unitCode,
    period: r.period,
    status: r.status,
    reason: r.reason,
    note: r.note,
    requestedBy: r.requestedBy,
    decidedBy: r.decidedBy,
  };
}

function text(value: string | null | undefined, field: string, required: boolean, what: { vi: string; en: string }): string | null {
  const t = (value ?? '').trim();
  if (!t) {
    if (!required) return null;
    throw new InvalidInputError(field, { vi: `Cần ghi rõ ${what.vi}`, en: `${what.en} is required` });
  }
  if (t.length > MAX_TEXT)
    throw new InvalidInputError(field, { vi: `${what.vi} tối đa ${MAX_TEXT} ký tự`, en: `${what.en}: at most ${MAX_TEXT} characters` });
  return t;
}

/**
 * Closing a quarter (khoá sổ) and reopening one report of it. A closed quarter refuses saving, submitting and
 * reviewing its reports (`assertOpen`, called by those paths inside their transactions; the fast submission checks in
 * its statement, `district.quarter_open_for`) unless that report has a granted reopening still in force. Closing and
 * changing are ordered by the quarter's advisory lock (`quarterLockKeySql`). Every step is audited in the reporting audit log
 * and written to the outbox in its transaction (QuarterClosureRecorded, ReopenChanged): the worker tells the people concerned.
 */
@Injectable()
export class ClosingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: UnitScopeService,
    private readonly hierarchy: HierarchyService,
    private readonly periods: ReportingPeriodService,
    private readonly outbox: OutboxNotifier,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ the rule

  /** The app's connection, for reads outside a transaction (the report's `closure` field). */
  get manager(): EntityManager {
    return this.db.manager;
  }

  async state(m: EntityManager, t: ClosingTarget): Promise<ClosureState> {
    const scopes = [t.rootCode, t.districtCode].filter((c): c is string => !!c);
    const [closure]: QuarterClosureEntity[] = await m.query(
      `SELECT ${CLOSURE_COLUMNS} FROM district.quarter_closure c WHERE c.period = $1 AND c.scope_code = ANY($2) ORDER BY c.recorded_at DESC LIMIT 1`,
      [t.period, scopes],
    );
    if (!closure) return { closure: null, grant: null };
    const [grant]: ReopenRequestEntity[] = await m.query(
      `SELECT ${REQUEST_COLUMNS} FROM district.reopen_request r
        WHERE r.unit_code = $1 AND r.period = $2 AND r.status = 'GRANTED' AND r.ended_at IS NULL AND r.decided_at > $3
        ORDER BY r.decided_at DESC LIMIT 1`,
      [t.unitCode, t.period, closure.recordedAt],
    );
    return { closure, grant: grant ?? null };
  }

  /**
   * Takes the quarter's lock SHARED until the transaction of `tx` ends (`quarterLockKeySql`): a closing of the quarter
   * in flight is waited for, and a closing that comes later waits for this transaction. A change takes it before its
   * report's row lock (and `assertOpen` again after), so a change never waits for it while holding a row the fast
   * submission's statement may be waiting for.
   */
  async enterQuarter(tx: EntityManager, period: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock_shared(${quarterLockKeySql('$1::text')})`, [period]);
  }

  /**
   * Refuses (PERIOD_CLOSED, naming `field`) a change to a report of a closed quarter that no reopening covers. Called
   * inside the change's transaction: it holds the quarter's lock shared first, and reads the closures in a statement of
   * its own after it (READ COMMITTED: a fresh snapshot, so a closing committed while it waited is seen).
   */
  async assertOpen(m: EntityManager, t: ClosingTarget, field: string): Promise<void> {
    await this.enterQuarter(m, t.period);
    const closed = await this.closedError(m, t, field);
    if (closed) throw closed;
  }

  /** The refusal a change to `t` would meet now (a closure no reopening covers), or null: `assertOpen`'s, and a dry run's finding. */
  async closedError(m: EntityManager, t: ClosingTarget, field: string): Promise<PeriodClosedError | null> {
    const { closure, grant } = await this.state(m, t);
    if (!closure || grant) return null;
    return new PeriodClosedError(
      field,
      { code: t.period, ...periodLabel(parseQuarter(t.period)) },
      { closedAt: vietnameseDateText(vietnamDate(new Date(closure.closedAt))), scopeCode: closure.scopeCode },
    );
  }

  /** An acceptance ends the report's reopening: the corrected report is final again. Inside the review's transaction. */
  async endGrant(tx: EntityManager, report: Pick<ReportEntity, 'unitCode' | 'period'>): Promise<void> {
    await tx.query(
      `UPDATE district.reopen_request SET ended_at = clock_timestamp() WHERE unit_code = $1 AND period = $2 AND status = 'GRANTED' AND ended_at IS NULL`,
      [report.unitCode, report.period],
    );
  }

  // ------------------------------------------------------------------ closing

  /** City staff close a quarter for the city (the default) or for one district. Closing again is a new fact. */
  async close(ctx: RequestContext, period: string, scopeCode?: string | null): Promise<QuarterClosureEntity> {
    const user = ctx.requireUser();
    if (!ctx.isCityWide)
      throw new ForbiddenError({ vi: 'Chỉ Văn phòng HĐND thành phố khoá sổ quý', en: 'Only city staff close a quarter' });
    const q = parseQuarter(period, 'period');
    if (!hasStarted(q, new Date()))
      throw new InvalidInputError('period', {
        vi: `${periodLabel(q).vi} chưa bắt đầu: chưa thể khoá sổ`,
        en: `${periodLabel(q).en} has not begun: it cannot be closed`,
      });
    const code = scopeCode ?? user.unitCode;
    const unit = await this.hierarchy.requireByCode(code, 'scopeCode', quarterStartDay(q));
    if (unit.level === CouncilLevel.WARD || unit.rootCode !== (await this.rootOf(user.unitCode, q))) {
      throw new InvalidInputError('scopeCode', {
        vi: 'Chỉ khoá sổ cho toàn thành phố hoặc một quận, huyện của thành phố',
        en: 'A quarter is closed for the city or one of its districts',
      });
    }
    const closure = await this.db.transaction(async (tx) => {
      await this.lockQuarter(tx, q.code);
      const [row]: QuarterClosureEntity[] = await tx.query(
        `INSERT INTO district.quarter_closure (period, scope_code, closed_by, source) VALUES ($1, $2, $3, 'manual')
         RETURNING id, period, scope_code AS "scopeCode", closed_at AS "closedAt", recorded_at AS "recordedAt", closed_by AS "closedBy", source, event_id AS "eventId"`,
        [q.code, unit.code, user.username],
      );
      await this.recordClosure(tx, { username: user.username, role: user.role }, row);
      return row;
    });
    this.outbox.notify();
    return closure;
  }

  /** The city's briefing marked held (QuarterClosed from the city side): the same fact, once per event. */
  async applyClosed(eventId: string, p: QuarterClosedPayload): Promise<boolean> {
    const closure = await this.db.transaction(async (tx) => {
      await this.lockQuarter(tx, p.period);
      const [row]: QuarterClosureEntity[] = await tx.query(
        `INSERT INTO district.quarter_closure (period, scope_code, closed_by, closed_at, source, event_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING id, period, scope_code AS "scopeCode", closed_at AS "closedAt", recorded_at AS "recordedAt", closed_by AS "closedBy", source, event_id AS "eventId"`,
        [p.period, p.scopeCode, p.closedBy, p.closedAt, p.source, eventId],
      );
      if (row) await this.recordClosure(tx, { username: p.closedBy, role: p.closedByRole }, row);
      return row ?? null;
    });
    if (closure) this.outbox.notify();
    return !!closure;
  }

  async closures(ctx: RequestContext, period: string): Promise<QuarterClosureEntity[]> {
    ctx.requireUser();
    const q = parseQuarter(period, 'period');
    return this.db.query(`SELECT ${CLOSURE_COLUMNS} FROM district.quarter_closure c WHERE c.period = $1 ORDER BY c.recorded_at DESC`, [
      q.code,
    ]);
  }

  /**
   * The quarter's lock EXCLUSIVE until the closing's transaction ends, taken before the closure is inserted: the closure
   * waits for every change in flight (each holds it shared), and its `recorded_at` (clock_timestamp()) comes after
   * their commits.
   */
  private async lockQuarter(tx: EntityManager, period: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(${quarterLockKeySql('$1::text')})`, [period]);
  }

  private async rootOf(code: string, q: QuarterPeriod): Promise<string | undefined> {
    return (await this.hierarchy.findByCode(code, quarterStartDay(q)))?.rootCode;
  }

  /** A closure just inserted: audited, and its event for the city side, in the closing's transaction. */
  private async recordClosure(tx: EntityManager, actor: { username: string; role: string }, c: QuarterClosureEntity): Promise<void> {
    await this.audit.recordAs(tx, actor, {
      action: 'QUARTER_CLOSE',
      subject: `period:${c.period}`,
      unitCode: c.scopeCode,
      period: c.period,
      changes: { before: null, after: { scopeCode: c.scopeCode, closedAt: c.closedAt, source: c.source } },
    });
    await appendDistrictEvent(tx, c.id, { type: 'QuarterClosureRecorded', payload: closureSnapshot(c) });
  }

  // ---------------------------------------------------------------- reopening

  /** The council (its clerk) asks to reopen its report of a closed quarter, saying why. */
  async request(ctx: RequestContext, unitCode: string, period: string, reason: string): Promise<ReopenRequestEntity> {
    const user = ctx.requireUser();
    const why = text(reason, 'reason', true, { vi: 'lý do đề nghị mở lại', en: 'The reason' })!;
    const q = parseQuarter(period, 'period');
    const unit = await this.scope.writable(ctx, unitCode, quarterStartDay(q), 'unitCode');
    const dueDate = await this.periods.dueDate(q);
    const created = await this.db.transaction(async (tx) => {
      const report = await lockReport(tx, unit, q, dueDate);
      const { closure, grant } = await this.state(tx, report);
      if (!closure)
        throw new InvalidInputError('period', {
          vi: `${periodLabel(q).vi} chưa khoá sổ: báo cáo vẫn sửa được, không cần mở lại`,
          en: `${periodLabel(q).en} is not closed: the report can still be changed, nothing to reopen`,
        });
      if (grant)
        throw new ConflictError(
          { vi: 'Báo cáo đã được cho mở lại', en: 'The report has already been reopened' },
          { field: 'unitCode', requestId: grant.id },
        );
      const [pending]: { id: string }[] = await tx.query(
        `SELECT id FROM district.reopen_request WHERE unit_code = $1 AND period = $2 AND status = 'PENDING' LIMIT 1`,
        [unit.code, q.code],
      );
      if (pending)
        throw new ConflictError(
          { vi: 'Đã có đề nghị mở lại đang chờ cấp trên xem xét', en: 'A reopening request is already waiting for the level above' },
          { field: 'unitCode', requestId: pending.id },
        );
      const [row]: ReopenRequestEntity[] = await tx.query(
        `INSERT INTO district.reopen_request (report_id, unit_code, unit_level, district_code, period, status, reason, requested_by)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7) RETURNING ${REQUEST_COLUMNS.replaceAll('r.', '')}`,
        [report.id, unit.code, unit.level, districtCodeOf(unit), q.code, why, user.username],
      );
      await writeAudit(tx, user, report, 'REOPEN_REQUEST', null, { requestId: row.id, reason: why });
      await appendDistrictEvent(tx, row.id, { type: 'ReopenChanged', payload: reopenSnapshot(row) });
      return row;
    });
    this.outbox.notify();
    return created;
  }

  /**
   * The level above grants or refuses: a district's staff for its communes' reports; city staff for a district's or
   * the city's own (and, acting for anyone, a commune's). Nobody decides their own request, and a district never
   * decides its own council's.
   */
  async decide(ctx: RequestContext, id: string, grant: boolean, note?: string | null): Promise<ReopenRequestEntity> {
    const user = ctx.requireUser();
    if (!isUuid(id)) throw new InvalidInputError('id', { vi: 'Mã đề nghị không hợp lệ', en: 'Invalid request id' });
    const why = text(note, 'note', false, { vi: 'ý kiến', en: 'The note' });
    const decided = await this.db.transaction(async (tx) => {
      const [row]: ReopenRequestEntity[] = await tx.query(
        `SELECT ${REQUEST_COLUMNS} FROM district.reopen_request r WHERE r.id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new NotFoundError({ vi: 'Không tìm thấy đề nghị mở lại', en: 'Reopening request not found' }, { field: 'id' });
      const above =
        row.unitLevel === CouncilLevel.WARD
          ? ctx.isCityWide || (user.role === Role.DISTRICT_STAFF && row.districtCode === user.unitCode)
          : ctx.isCityWide;
      if (!above || row.requestedBy === user.username) {
        throw new ForbiddenError(
          {
            vi: 'Chỉ cấp trên trực tiếp được quyết định mở lại báo cáo này, và không ai tự quyết định đề nghị của mình',
            en: 'Only the level directly above may decide this reopening, and nobody decides their own request',
          },
          { field: 'id' },
        );
      }
      if (row.status !== ReopenStatus.PENDING)
        throw new ConflictError(
          { vi: 'Đề nghị này đã được quyết định', en: 'This request has already been decided' },
          { field: 'id', status: row.status },
        );
      await tx.query(
        `UPDATE district.reopen_request SET status = $2, decided_by = $3, decided_at = clock_timestamp(), note = $4 WHERE id = $1`,
        [id, grant ? ReopenStatus.GRANTED : ReopenStatus.REFUSED, user.username, why],
      );
      const [updated]: ReopenRequestEntity[] = await tx.query(`SELECT ${REQUEST_COLUMNS} FROM district.reopen_request r WHERE r.id = $1`, [
        id,
      ]);
      const report = Object.assign(new ReportEntity(), { id: row.reportId, unitCode: row.unitCode, period: row.period });
      await writeAudit(tx, user, report, grant ? 'REOPEN_GRANT' : 'REOPEN_REFUSE', null, { requestId: id, note: why });
      await appendDistrictEvent(tx, id, { type: 'ReopenChanged', payload: reopenSnapshot(updated) });
      return updated;
    });
    this.outbox.notify();
    return decided;
  }

  /** Each report's requests, newest first. */
  async requestsOf(reportIds: readonly string[]): Promise<Map<string, ReopenRequestEntity[]>> {
    const rows: ReopenRequestEntity[] = reportIds.length
      ? await this.db.query(
          `SELECT ${REQUEST_COLUMNS} FROM district.reopen_request r WHERE r.report_id = ANY($1) ORDER BY r.requested_at DESC`,
          [[...reportIds]],
        )
      : [];
    const out = new Map<string, ReopenRequestEntity[]>(reportIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.reportId)?.push(r);
    return out;
  }

  /** Requests waiting for the caller's decision: a district's, its communes'; city staff, every one. */
  async pending(ctx: RequestContext, period?: string | null): Promise<ReopenRequestEntity[]> {
    const user = ctx.requireUser();
    const q = period != null ? parseQuarter(period, 'period').code : null;
    if (!ctx.isCityWide && user.role !== Role.DISTRICT_STAFF) throw new ForbiddenError();
    return this.db.query(
      `SELECT ${REQUEST_COLUMNS} FROM district.reopen_request r
        WHERE r.status = 'PENDING' AND ($1::varchar IS NULL OR r.period = $1)
          AND ($2::varchar IS NULL OR (r.unit_level = 'WARD' AND r.district_code = $2))
        ORDER BY r.requested_at LIMIT 500`,
      [q, ctx.isCityWide ? null : user.unitCode],
    );
  }
}
