import type { AuthUser, RequestContext } from '@council/auth';
import {
  type CalendarPeriod,
  ConflictError,
  CouncilLevel,
  type FigureTable,
  ForbiddenError,
  InvalidInputError,
  isUuid,
  MAX_PERIOD_YEAR,
  MIN_PERIOD_YEAR,
  parseCalendarPeriod,
  Permission,
  quartersOf,
  quarterStartDay,
  vietnamDate,
} from '@council/core';
import { DirectiveEntity, DirectivesService, type ProgressCounts } from '@council/directives';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { appendCityEvent, OutboxNotifier } from '@council/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';

import { BriefingLiveService } from '../briefing-live.service.js';
import type { BriefingSummaryData } from '../briefings.service.js';
import type { BriefingSummaryModel } from '../models/briefing-summary.model.js';
import { AttendanceStatus } from './attendance-status.js';
import type { AgendaItemInput, CreateBriefingMeetingInput } from './dto/briefing-meeting.input.js';
import {
  AgendaItemEntity,
  BriefingConclusionEntity,
  BriefingMeetingEntity,
  ConnectionPointEntity,
  PresentedFiguresEntity,
} from './meeting.entities.js';

const MAX_TITLE = 500;
const MAX_LOCATION = 500;
const MAX_NOTE = 2_000;
const MAX_TEXT = 20_000;
const MAX_AGENDA = 100;
const MAX_CONCLUSIONS = 200;
/** More people than any hall holds: a typo, not a count. */
const MAX_ATTENDEES = 100_000;

/** Units (and whether they have a council) are taken as they stood on the period's first day, as the summary takes them. */
export function unitsAsOfPeriod(period: CalendarPeriod | string): string {
  const p = typeof period === 'string' ? parseCalendarPeriod(period) : period;
  return quarterStartDay(quartersOf(p)[0]);
}

/**
 * A period's last quarter as one number (year × 4 + quarter − 1), in SQL: "an
 * earlier period" is one that ended before this one began. Periods are stored
 * as parsePeriod writes them, so the casts cannot fail.
 */
const PERIOD_END_SQL = `(CASE WHEN m.period LIKE '%Q_' THEN substr(m.period, 1, 4)::int * 4 + substr(m.period, 6, 1)::int - 1 ELSE m.period::int * 4 + 3 END)`;

export interface PreviousBriefingData {
  meeting: BriefingMeetingEntity;
  directives: DirectiveEntity[];
  progress: ProgressCounts;
  completedDirectives: number;
  overdueDirectives: number;
}

/** A summary's totals by level (the GraphQL model's, or the workbook's data with its maps), as `compareFigures` (libs/core) reads them. */
export function figureTableOf(summary: Pick<BriefingSummaryModel, 'levels'> | Pick<BriefingSummaryData, 'levels'>): FigureTable {
  return {
    levels: summary.levels.map((l) => ({
      level: l.level,
      councils: l.councils,
      reported: l.reported,
      values: l.values instanceof Map ? Object.fromEntries(l.values) : Object.fromEntries(l.values.map((v) => [v.metric.code, v.value])),
    })),
  };
}

/** Text from a person: trimmed; required text must not be empty; optional text that is empty becomes null. */
function text(value: string, field: string, max: number): string;
function text(value: string | null | undefined, field: string, max: number, optional: true): string | null;
function text(value: string | null | undefined, field: string, max: number, optional = false): string | null {
  const t = (value ?? '').trim();
  if (!t && optional) return null;
  if (!t || t.length > max) {
    throw new InvalidInputError(
      field,
      optional
        ? { vi: `Tối đa ${max} ký tự`, en: `At most ${max} characters` }
        : { vi: `Cần từ 1 đến ${max} ký tự`, en: `Needs 1 to ${max} characters` },
    );
  }
  return t;
}

function meetingId(value: string, field: string): string {
  if (typeof value !== 'string' || !isUuid(value))
    throw new InvalidInputError(field, { vi: 'Mã hội nghị không hợp lệ (cần dạng UUID)', en: 'Invalid meeting id (a UUID is expected)' });
  return value.toLowerCase();
}

/**
 * Briefing meetings (hội nghị giao ban): the host, one connection point per
 * participating unit with its attendance, the agenda, the conclusions (which
 * become directives through issueDirective).
 *
 * Who: managing needs ManageBriefings (city staff: every meeting under their
 * city) or HostBriefings (district staff: the meetings their own district
 * hosts). Reading: ReadSummaries or ManageBriefings, every meeting under the
 * caller's city; HostBriefings, its own unit's. Every check comes before any
 * write, so a refused call leaves nothing behind.
 */
@Injectable()
export class MeetingsService {
  private readonly log = new Logger('Meetings');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly directives: DirectivesService,
    private readonly live: BriefingLiveService,
    private readonly outbox: OutboxNotifier,
  ) {}

  // ------------------------------------------------------------------ writes

  async create(ctx: RequestContext, input: CreateBriefingMeetingInput): Promise<BriefingMeetingEntity> {
    const user = ctx.requireUser();
    const period = parseCalendarPeriod(input.period, 'input.period');
    const asOf = unitsAsOfPeriod(period);
    const title = text(input.title, 'input.title', MAX_TITLE);
    const location = text(input.location, 'input.location', MAX_LOCATION, true);
    const startsAt = input.startsAt instanceof Date ? input.startsAt : new Date(Number.NaN);
    const year = Number.isNaN(startsAt.getTime()) ? NaN : Number(vietnamDate(startsAt).slice(0, 4));
    if (!(year >= MIN_PERIOD_YEAR && year <= MAX_PERIOD_YEAR)) {
      throw new InvalidInputError('input.startsAt', {
        vi: `Thời gian phải trong các năm ${MIN_PERIOD_YEAR}–${MAX_PERIOD_YEAR}`,
        en: `The time must fall in ${MIN_PERIOD_YEAR}–${MAX_PERIOD_YEAR}`,
      });
    }
    const agendaInput = input.agenda ?? [];
    if (agendaInput.length > MAX_AGENDA)
      throw new InvalidInputError('input.agenda', { vi: `Tối đa ${MAX_AGENDA} nội dung`, en: `At most ${MAX_AGENDA} items` });
    const agenda = agendaInput.map((a, i) => this.agendaItem(a, `input.agenda[${i}]`));

    const hostCode = input.hostUnitCode ?? user.unitCode;
    const host = await this.hierarchy.findByCode(hostCode, asOf);
    if (!host) {
      throw new InvalidInputError('input.hostUnitCode', {
        vi: `Không có đơn vị mã "${hostCode.slice(0, 20)}" trong kỳ ${period.code}`,
        en: `No unit with code "${hostCode.slice(0, 20)}" in ${period.code}`,
      });
    }
    await this.assertCanManage(ctx, { hostUnitCode: host.code, rootCode: host.rootCode }, host.name);
    if (host.level === CouncilLevel.WARD || !hasCouncilOn(host, asOf)) {
      throw new InvalidInputError('input.hostUnitCode', {
        vi: `${host.name} không chủ trì giao ban với cấp dưới`,
        en: `${host.name} holds no briefing with units below it`,
      });
    }
    const participants = await this.participantsOf(host, asOf);
    const presenters = new Set([host.code, ...participants.map((u) => u.code)]);
    agenda.forEach((a, i) => this.checkPresenter(a.presenterUnitCode, presenters, `input.agenda[${i}].presenterUnitCode`));

    const meeting = await this.db.transaction(async (tx) => {
      const row = tx.getRepository(BriefingMeetingEntity).create({
        hostUnitCode: host.code,
        rootCode: host.rootCode,
        period: period.code,
        title,
        startsAt,
        location,
        createdBy: user.username,
      });
      await tx.getRepository(BriefingMeetingEntity).insert(row);
      const now = new Date();
      if (participants.length) {
        await tx.getRepository(ConnectionPointEntity).insert(
          participants.map((u) => ({
            meetingId: row.id,
            unitCode: u.code,
            location: null,
            status: AttendanceStatus.EXPECTED,
            attendees: null,
            note: null,
            updatedAt: now,
            updatedBy: user.username,
          })),
        );
      }
      if (agenda.length)
        await tx.getRepository(AgendaItemEntity).insert(agenda.map((a, i) => ({ ...a, meetingId: row.id, position: i + 1 })));
      return row;
    });
    await this.changed(meeting);
    return meeting;
  }

  async recordAttendance(
    ctx: RequestContext,
    args: {
      meetingId: string;
      unitCode: string;
      status: AttendanceStatus;
      attendees?: number | null;
      note?: string | null;
      location?: string | null;
    },
  ): Promise<{ meeting: BriefingMeetingEntity; point: ConnectionPointEntity }> {
    const user = ctx.requireUser();
    const id = meetingId(args.meetingId, 'meetingId');
    if (!Object.values(AttendanceStatus).includes(args.status))
      throw new InvalidInputError('status', { vi: 'Trạng thái không hợp lệ', en: 'Invalid status' });
    const attendees = args.attendees ?? null;
    if (attendees !== null && (!Number.isInteger(attendees) || attendees < 0 || attendees > MAX_ATTENDEES)) {
      throw new InvalidInputError('attendees', {
        vi: `Số người dự phải từ 0 đến ${MAX_ATTENDEES}`,
        en: `Attendees must be 0 to ${MAX_ATTENDEES}`,
      });
    }
    if (args.status === AttendanceStatus.ABSENT && attendees) {
      throw new InvalidInputError('attendees', {
        vi: 'Điểm cầu vắng không có người dự',
        en: 'An absent connection point has no attendees',
      });
    }
    const note = text(args.note, 'note', MAX_NOTE, true);
    const location = args.location === undefined ? undefined : text(args.location, 'location', MAX_LOCATION, true);

    const meeting = await this.requireMeeting(this.db.manager, id, 'meetingId');
    await this.assertCanManage(ctx, meeting);
    const points = this.db.getRepository(ConnectionPointEntity);
    const point = typeof args.unitCode === 'string' ? await points.findOneBy({ meetingId: id, unitCode: args.unitCode }) : null;
    if (!point) {
      throw new InvalidInputError('unitCode', {
        vi: `Đơn vị "${String(args.unitCode).slice(0, 20)}" không phải điểm cầu của hội nghị này`,
        en: `"${String(args.unitCode).slice(0, 20)}" is not a connection point of this meeting`,
      });
    }
    // A record replaces the attendance (status, attendees, note); the location stays unless given.
    Object.assign(
      point,
      { status: args.status, attendees, note, updatedAt: new Date(), updatedBy: user.username },
      location === undefined ? {} : { location },
    );
    await points.update(
      { meetingId: id, unitCode: point.unitCode },
      {
        status: point.status,
        attendees: point.attendees,
        note: point.note,
        location: point.location,
        updatedAt: point.updatedAt,
        updatedBy: point.updatedBy,
      },
    );
    await this.changed(meeting);
    return { meeting, point };
  }

  async addAgendaItem(
    ctx: RequestContext,
    id: string,
    input: AgendaItemInput,
  ): Promise<{ meeting: BriefingMeetingEntity; item: AgendaItemEntity }> {
    ctx.requireUser();
    const mid = meetingId(id, 'meetingId');
    const item = this.agendaItem(input, 'input');
    const { meeting, row } = await this.db.transaction(async (tx) => {
      // The meeting row, locked: positions are handed out one at a time.
      const meeting = await this.requireMeeting(tx, mid, 'meetingId', true);
      await this.assertCanManage(ctx, meeting);
      if (item.presenterUnitCode) {
        const points = await tx.getRepository(ConnectionPointEntity).find({ select: { unitCode: true }, where: { meetingId: mid } });
        this.checkPresenter(
          item.presenterUnitCode,
          new Set([meeting.hostUnitCode, ...points.map((p) => p.unitCode)]),
          'input.presenterUnitCode',
        );
      }
      const position = await this.nextPosition(tx, 'briefing_agenda_item', mid, MAX_AGENDA, {
        vi: `Chương trình đã đủ ${MAX_AGENDA} nội dung`,
        en: `The agenda already has ${MAX_AGENDA} items`,
      });
      const row = tx.getRepository(AgendaItemEntity).create({ ...item, meetingId: mid, position });
      await tx.getRepository(AgendaItemEntity).insert(row);
      return { meeting, row };
    });
    await this.changed(meeting);
    return { meeting, item: row };
  }

  async addConclusion(ctx: RequestContext, id: string, value: string): Promise<BriefingConclusionEntity> {
    const user = ctx.requireUser();
    const mid = meetingId(id, 'meetingId');
    const body = text(value, 'text', MAX_TEXT);
    const { meeting, row } = await this.db.transaction(async (tx) => {
      const meeting = await this.requireMeeting(tx, mid, 'meetingId', true);
      await this.assertCanManage(ctx, meeting);
      const position = await this.nextPosition(tx, 'briefing_conclusion', mid, MAX_CONCLUSIONS, {
        vi: `Hội nghị đã có ${MAX_CONCLUSIONS} kết luận`,
        en: `The meeting already has ${MAX_CONCLUSIONS} conclusions`,
      });
      const row = tx.getRepository(BriefingConclusionEntity).create({ meetingId: mid, position, text: body, createdBy: user.username });
      await tx.getRepository(BriefingConclusionEntity).insert(row);
      return { meeting, row };
    });
    await this.changed(meeting);
    return row;
  }

  /**
   * The meeting took place: its summary's figures are frozen as presented (read beside the live ones ever after), and
   * a city's meeting for a quarter closes that quarter city-wide (QuarterClosed, applied on the district side), unless
   * `closeQuarter` is false (the meeting heard the quarter early, say, and the councils still file). Marking a meeting
   * held twice changes nothing.
   */
  async markHeld(ctx: RequestContext, id: string, options: { closeQuarter?: boolean } = {}): Promise<BriefingMeetingEntity> {
    const user = ctx.requireUser();
    const mid = meetingId(id, 'id');
    const found = await this.requireMeeting(this.db.manager, mid, 'id');
    await this.assertCanManage(ctx, found);
    if (found.heldAt) return found;
    // Computed before the transaction (it reads on other connections): what the screens show at this moment.
    const summary = await this.live.summary(found.hostUnitCode, found.period);
    const { meeting, closes } = await this.db.transaction(async (tx) => {
      const meeting = await this.requireMeeting(tx, mid, 'id', true);
      if (meeting.heldAt) return { meeting, closes: false };
      meeting.heldAt = new Date();
      meeting.heldBy = user.username;
      await tx.getRepository(BriefingMeetingEntity).update(mid, { heldAt: meeting.heldAt, heldBy: meeting.heldBy });
      await tx.getRepository(PresentedFiguresEntity).insert({
        meetingId: mid,
        hostUnitCode: meeting.hostUnitCode,
        period: meeting.period,
        computedAt: summary.computedAt,
        figures: figureTableOf(summary),
      });
      const closes = options.closeQuarter !== false && meeting.hostUnitCode === meeting.rootCode && /Q\d$/.test(meeting.period);
      if (closes) {
        await appendCityEvent(tx, mid, {
          type: 'QuarterClosed',
          payload: {
            period: meeting.period,
            scopeCode: meeting.rootCode,
            closedBy: user.username,
            closedByRole: user.role,
            closedAt: meeting.heldAt.toISOString(),
            source: `meeting:${mid}`,
          },
        });
      }
      return { meeting, closes };
    });
    if (closes) this.outbox.notify('city');
    await this.changed(meeting);
    return meeting;
  }

  /** The figures frozen by the latest held meeting of `hostCode` for `period`, with that meeting. */
  async presentedFor(
    hostCode: string,
    period: string,
  ): Promise<{ meeting: BriefingMeetingEntity; figures: PresentedFiguresEntity } | null> {
    const meeting = await this.db
      .getRepository(BriefingMeetingEntity)
      .createQueryBuilder('m')
      .where('m.hostUnitCode = :host AND m.period = :period AND m.heldAt IS NOT NULL', { host: hostCode, period })
      .orderBy('m.heldAt', 'DESC')
      .getOne();
    if (!meeting) return null;
    const figures = await this.db.getRepository(PresentedFiguresEntity).findOneBy({ meetingId: meeting.id });
    return figures ? { meeting, figures } : null;
  }

  // ------------------------------------------------------------------- reads

  async list(ctx: RequestContext, filter: { period?: string | null; hostUnitCode?: string | null }): Promise<BriefingMeetingEntity[]> {
    const scope = await this.readScope(ctx);
    const qb = this.db.getRepository(BriefingMeetingEntity).createQueryBuilder('m');
    if ('rootCode' in scope) qb.andWhere('m.rootCode = :root', { root: scope.rootCode });
    else qb.andWhere('m.hostUnitCode = :own', { own: scope.hostUnitCode });
    if (filter.period != null) {
      const p = parseCalendarPeriod(filter.period, 'period');
      // A year lists its own meetings and its quarters'.
      qb.andWhere('m.period IN (:...periods)', { periods: [p.code, ...(p.kind === 'YEAR' ? quartersOf(p).map((q) => q.code) : [])] });
    }
    if (filter.hostUnitCode != null) {
      const host = await this.hierarchy.findByCode(filter.hostUnitCode);
      if (!host)
        throw new InvalidInputError('hostUnitCode', {
          vi: `Không có đơn vị mã "${filter.hostUnitCode.slice(0, 20)}"`,
          en: `No unit with code "${filter.hostUnitCode.slice(0, 20)}"`,
        });
      const visible = 'rootCode' in scope ? host.rootCode === scope.rootCode : host.code === scope.hostUnitCode;
      if (!visible)
        throw new ForbiddenError(
          { vi: `Không có quyền xem hội nghị giao ban của ${host.name}`, en: `Not allowed to read ${host.name}'s briefing meetings` },
          { field: 'hostUnitCode' },
        );
      qb.andWhere('m.hostUnitCode = :host', { host: host.code });
    }
    return qb.orderBy('m.startsAt', 'DESC').addOrderBy('m.createdAt', 'DESC').getMany();
  }

  async get(ctx: RequestContext, id: string): Promise<BriefingMeetingEntity | null> {
    const meeting = await this.db.getRepository(BriefingMeetingEntity).findOneBy({ id: meetingId(id, 'id') });
    if (!meeting) return null;
    const scope = await this.readScope(ctx);
    const visible = 'rootCode' in scope ? meeting.rootCode === scope.rootCode : meeting.hostUnitCode === scope.hostUnitCode;
    if (!visible)
      throw new ForbiddenError({ vi: 'Không có quyền xem hội nghị giao ban này', en: 'Not allowed to read this briefing meeting' });
    return meeting;
  }

  // The batch reads below serve field resolvers of a meeting the caller was already allowed to read.

  async connectionPoints(meetingIds: readonly string[]): Promise<ConnectionPointEntity[]> {
    if (!meetingIds.length) return [];
    return this.db.getRepository(ConnectionPointEntity).find({ where: { meetingId: In([...meetingIds]) }, order: { unitCode: 'ASC' } });
  }

  async attendance(meetingIds: readonly string[]): Promise<Map<string, Record<AttendanceStatus, number>>> {
    const rows: { meeting_id: string; status: AttendanceStatus; n: number }[] = meetingIds.length
      ? await this.db.query(
          `SELECT meeting_id, status, count(*)::int AS n FROM city.briefing_connection_point WHERE meeting_id = ANY($1) GROUP BY meeting_id, status`,
          [[...meetingIds]],
        )
      : [];
    const out = new Map(meetingIds.map((id) => [id, { EXPECTED: 0, PRESENT: 0, ABSENT: 0 }]));
    for (const r of rows) out.get(r.meeting_id)![r.status] = r.n;
    return out;
  }

  async agenda(meetingIds: readonly string[]): Promise<AgendaItemEntity[]> {
    if (!meetingIds.length) return [];
    return this.db.getRepository(AgendaItemEntity).find({ where: { meetingId: In([...meetingIds]) }, order: { position: 'ASC' } });
  }

  async conclusions(meetingIds: readonly string[]): Promise<BriefingConclusionEntity[]> {
    if (!meetingIds.length) return [];
    return this.db.getRepository(BriefingConclusionEntity).find({ where: { meetingId: In([...meetingIds]) }, order: { position: 'ASC' } });
  }

  /** Directives issued with these meetings (briefingMeetingId), oldest first. */
  async directivesOf(meetingIds: readonly string[]): Promise<DirectiveEntity[]> {
    if (!meetingIds.length) return [];
    return this.db.getRepository(DirectiveEntity).find({ where: { briefingMeetingId: In([...meetingIds]) }, order: { issuedAt: 'ASC' } });
  }

  /** The latest meeting `hostCode` held for exactly `period` (the summary's own meeting). */
  async latestFor(hostCode: string, period: string): Promise<BriefingMeetingEntity | null> {
    return this.db
      .getRepository(BriefingMeetingEntity)
      .findOne({ where: { hostUnitCode: hostCode, period }, order: { startsAt: 'DESC', createdAt: 'DESC' } });
  }

  /**
   * The latest meeting of `hostCode` for an earlier period (one that ended
   * before `period` began: for 2024Q2, 2024Q1 or before; for 2024, 2023 or
   * before), with what the directives issued there have achieved.
   */
  async previousBriefing(hostCode: string, period: string): Promise<PreviousBriefingData | null> {
    const first = quartersOf(parseCalendarPeriod(period))[0];
    const meeting = await this.db
      .getRepository(BriefingMeetingEntity)
      .createQueryBuilder('m')
      .where('m.hostUnitCode = :host', { host: hostCode })
      .andWhere(`${PERIOD_END_SQL} < :start`, { start: first.year * 4 + first.quarter - 1 })
      .orderBy(PERIOD_END_SQL, 'DESC')
      .addOrderBy('m.startsAt', 'DESC')
      .addOrderBy('m.createdAt', 'DESC')
      .getOne();
    if (!meeting) return null;
    const directives = await this.directivesOf([meeting.id]);
    const counts = [...(await this.directives.progress(directives)).values()];
    const progress: ProgressCounts = { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 };
    for (const c of counts) for (const k of Object.keys(progress) as (keyof ProgressCounts)[]) progress[k] += c[k];
    return {
      meeting,
      directives,
      progress,
      completedDirectives: counts.filter((c) => c.total > 0 && c.completed === c.total).length,
      overdueDirectives: counts.filter((c) => c.overdue > 0).length,
    };
  }

  // ----------------------------------------------------------------- helpers

  /** The city's district-level councils, or a district's communes that have a council: one connection point each. */
  private async participantsOf(host: CouncilUnitEntity, asOf: string): Promise<CouncilUnitEntity[]> {
    const level = host.level === CouncilLevel.CITY ? CouncilLevel.DISTRICT : CouncilLevel.WARD;
    // A briefing is between councils: a unit without one (Hanoi's phường since 2021) has no one to connect.
    return (await this.hierarchy.list({ parentCode: host.code, level }, asOf)).filter((u) => hasCouncilOn(u, asOf));
  }

  private agendaItem(a: AgendaItemInput, field: string): Pick<AgendaItemEntity, 'title' | 'presenterUnitCode' | 'note'> {
    return {
      title: text(a.title, `${field}.title`, MAX_TITLE),
      presenterUnitCode: a.presenterUnitCode ?? null,
      note: text(a.note, `${field}.note`, MAX_NOTE, true),
    };
  }

  private checkPresenter(code: string | null, allowed: ReadonlySet<string>, field: string): void {
    if (code !== null && !allowed.has(code)) {
      throw new InvalidInputError(field, {
        vi: `Đơn vị trình bày "${code.slice(0, 20)}" phải là đơn vị chủ trì hoặc một đơn vị tham dự`,
        en: `The presenter "${code.slice(0, 20)}" must be the host or a participating unit`,
      });
    }
  }

  private async requireMeeting(manager: EntityManager, id: string, field: string, lock = false): Promise<BriefingMeetingEntity> {
    const meeting = await manager
      .getRepository(BriefingMeetingEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!meeting) throw new InvalidInputError(field, { vi: 'Không có hội nghị giao ban này', en: 'No such briefing meeting' });
    return meeting;
  }

  private async nextPosition(
    tx: EntityManager,
    table: 'briefing_agenda_item' | 'briefing_conclusion',
    meeting: string,
    max: number,
    full: { vi: string; en: string },
  ): Promise<number> {
    const [{ last }] = (await tx.query(`SELECT coalesce(max(position), 0)::int AS last FROM city.${table} WHERE meeting_id = $1`, [
      meeting,
    ])) as { last: number }[];
    if (last >= max) throw new ConflictError(full);
    return last + 1;
  }

  private async rootOf(user: AuthUser): Promise<string | null> {
    return (await this.hierarchy.findByCode(user.unitCode))?.rootCode ?? null;
  }

  private async assertCanManage(
    ctx: RequestContext,
    meeting: Pick<BriefingMeetingEntity, 'hostUnitCode' | 'rootCode'>,
    hostName?: string,
  ): Promise<void> {
    const user = ctx.requireUser();
    if (ctx.can(Permission.ManageBriefings) && (await this.rootOf(user)) === meeting.rootCode) return;
    if (ctx.can(Permission.HostBriefings) && user.unitCode === meeting.hostUnitCode) return;
    const whose = hostName ?? meeting.hostUnitCode;
    throw new ForbiddenError({
      vi: `Không được quản lý hội nghị giao ban của ${whose}`,
      en: `Not allowed to manage ${whose}'s briefing meetings`,
    });
  }

  private async readScope(ctx: RequestContext): Promise<{ rootCode: string } | { hostUnitCode: string }> {
    const user = ctx.requireUser();
    if (ctx.can(Permission.ReadSummaries) || ctx.can(Permission.ManageBriefings)) {
      const rootCode = await this.rootOf(user);
      if (rootCode) return { rootCode };
    } else if (ctx.can(Permission.HostBriefings)) {
      return { hostUnitCode: user.unitCode };
    }
    throw new ForbiddenError();
  }

  /** Screens showing the meeting refresh. The change is committed already: a lost message only delays them until their cache lapses. */
  private async changed(meeting: BriefingMeetingEntity): Promise<void> {
    try {
      await this.live.publishMeetingChanged(meeting.hostUnitCode, meeting.period);
    } catch (e) {
      this.log.warn(`meeting ${meeting.id} changed, screens not told: ${(e as Error).message}`);
    }
  }
}
