import type { RequestContext } from '@council/auth';
import {
  AssignmentStatus,
  CouncilLevel,
  ForbiddenError,
  InvalidInputError,
  isIsoDate,
  isUuid,
  Role,
  vietnamDate,
  vietnameseDateText,
} from '@council/core';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { appendCityEvent, OutboxNotifier } from '@council/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, LessThan } from 'typeorm';

import { AssignmentViewEntity, DirectiveEntity } from './directive.entities.js';
import type { IssueDirectiveInput } from './dto/issue-directive.input.js';

const MAX_TITLE = 500;
const MAX_BODY = 20_000;
const MAX_TARGETS = 1000;

export interface ProgressCounts {
  total: number;
  pending: number;
  acknowledged: number;
  inProgress: number;
  completed: number;
  overdue: number;
}

/**
 * City side of directives: issuing (the directive and its event in one
 * transaction; the district side fans it out), and tracking, from the
 * assignment states the district side sends back.
 */
@Injectable()
export class DirectivesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly outbox: OutboxNotifier,
  ) {}

  async issue(ctx: RequestContext, input: IssueDirectiveInput): Promise<DirectiveEntity> {
    const user = ctx.requireUser();
    const today = vietnamDate(new Date());
    const title = input.title.trim();
    const body = input.body.trim();
    if (!title || title.length > MAX_TITLE)
      throw new InvalidInputError('input.title', {
        vi: `Tiêu đề cần từ 1 đến ${MAX_TITLE} ký tự`,
        en: `The title needs 1 to ${MAX_TITLE} characters`,
      });
    if (!body || body.length > MAX_BODY)
      throw new InvalidInputError('input.body', {
        vi: `Nội dung cần từ 1 đến ${MAX_BODY} ký tự`,
        en: `The body needs 1 to ${MAX_BODY} characters`,
      });
    if ((input.reference?.length ?? 0) > 200)
      throw new InvalidInputError('input.reference', { vi: 'Căn cứ tối đa 200 ký tự', en: 'Reference: at most 200 characters' });
    // A directive recorded after the fact is issued on its own day: its targets, communes and due date are of that day.
    const issuedOn = input.issuedOn ?? today;
    if (!isIsoDate(issuedOn) || issuedOn > today)
      throw new InvalidInputError('input.issuedOn', {
        vi: `Ngày ban hành không được sau hôm nay (${vietnameseDateText(today)})`,
        en: `The day of issue cannot be after today (${today})`,
      });
    if (!isIsoDate(input.dueDate) || input.dueDate < issuedOn) {
      throw new InvalidInputError(
        'input.dueDate',
        issuedOn === today
          ? { vi: `Hạn hoàn thành phải từ hôm nay (${today}) trở đi`, en: `The due date must be today (${today}) or later` }
          : {
              vi: `Hạn hoàn thành phải từ ngày ban hành (${vietnameseDateText(issuedOn)}) trở đi`,
              en: `The due date must be the day of issue (${issuedOn}) or later`,
            },
      );
    }
    for (const [field, id] of [
      ['input.briefingMeetingId', input.briefingMeetingId],
      ['input.briefingConclusionId', input.briefingConclusionId],
    ] as const) {
      if (id != null && !isUuid(id))
        throw new InvalidInputError(field, { vi: 'Mã không hợp lệ (cần dạng UUID)', en: 'Invalid id (a UUID is expected)' });
    }
    const issuer = await this.hierarchy.requireByCode(user.unitCode, issuedOn === today ? 'input' : 'input.issuedOn', issuedOn);
    const byDistrict = user.role === Role.DISTRICT_STAFF;
    if (!ctx.isCityWide && !byDistrict) throw new ForbiddenError();
    const briefing = await this.briefingLink(
      input.briefingMeetingId?.toLowerCase() ?? null,
      input.briefingConclusionId?.toLowerCase() ?? null,
      issuer,
    );

    const targets = await this.targets(input.targetUnitCodes, issuer, byDistrict, issuedOn);
    const cascade = !byDistrict && !!input.cascadeToWards;
    let expected = targets.length;
    if (cascade) {
      const districts = targets.filter((t) => t.level === CouncilLevel.DISTRICT).map((t) => t.code);
      const wards = districts.length ? await this.hierarchy.childrenOf(districts, issuedOn) : new Map<string, CouncilUnitEntity[]>();
      for (const list of wards.values()) expected += list.filter((w) => hasCouncilOn(w, issuedOn)).length;
    }

    const directive = await this.db.transaction(async (tx) => {
      const row = tx.getRepository(DirectiveEntity).create({
        title,
        body,
        reference: input.reference?.trim() || null,
        issuedByUnit: issuer.code,
        issuedByUser: user.username,
        // Recorded after the fact: the start of its day in Vietnam (the fan-out reads the units of that day).
        issuedAt: issuedOn === today ? new Date() : new Date(`${issuedOn}T00:00:00+07:00`),
        dueDate: input.dueDate,
        targetUnitCodes: targets.map((t) => t.code),
        cascadeToWards: cascade,
        expectedAssignments: expected,
        briefingMeetingId: briefing.meetingId,
        briefingConclusionId: briefing.conclusionId,
      });
      await tx.getRepository(DirectiveEntity).insert(row);
      await appendCityEvent(tx, row.id, {
        type: 'DirectiveIssued',
        payload: {
          directiveId: row.id,
          title: row.title,
          body: row.body,
          reference: row.reference,
          issuedByUnit: row.issuedByUnit,
          issuedByUser: row.issuedByUser,
          issuedAt: row.issuedAt.toISOString(),
          dueDate: row.dueDate,
          targetUnitCodes: row.targetUnitCodes,
          cascadeToWards: row.cascadeToWards,
        },
      });
      return row;
    });
    this.outbox.notify('city');
    return directive;
  }

  /**
   * The briefing meeting (and conclusion) a directive carries out: the meeting
   * must exist and be hosted by the issuing unit, the conclusion must be one of
   * that meeting's (alone, it names its meeting). Plain SQL on purpose:
   * libs/briefings depends on this lib, never the reverse. No foreign keys
   * back the columns: TypeORM would need the meeting entities wherever
   * DirectiveEntity is loaded (the sync-worker's city connection has none), and
   * a hand-written constraint would be dropped by the next generated
   * migration. Meetings and conclusions are never deleted, so this check holds.
   */
  private async briefingLink(
    meetingId: string | null,
    conclusionId: string | null,
    issuer: CouncilUnitEntity,
  ): Promise<{ meetingId: string | null; conclusionId: string | null }> {
    const hostedByIssuer = async (id: string, field: string) => {
      const [row] = (await this.db.query(`SELECT host_unit_code FROM city.briefing_meeting WHERE id = $1`, [id])) as {
        host_unit_code: string;
      }[];
      if (!row) throw new InvalidInputError(field, { vi: 'Không có hội nghị giao ban này', en: 'No such briefing meeting' });
      if (row.host_unit_code !== issuer.code) {
        throw new InvalidInputError(field, {
          vi: `Hội nghị giao ban này không do ${issuer.name} chủ trì`,
          en: `That briefing meeting was not hosted by ${issuer.name}`,
        });
      }
    };
    if (meetingId) await hostedByIssuer(meetingId, 'input.briefingMeetingId');
    if (!conclusionId) return { meetingId, conclusionId: null };
    const [row] = (await this.db.query(`SELECT meeting_id FROM city.briefing_conclusion WHERE id = $1`, [conclusionId])) as {
      meeting_id: string;
    }[];
    if (!row || (meetingId && row.meeting_id !== meetingId)) {
      throw new InvalidInputError('input.briefingConclusionId', {
        vi: 'Hội nghị giao ban không có kết luận này',
        en: 'The briefing meeting has no such conclusion',
      });
    }
    if (!meetingId) await hostedByIssuer(row.meeting_id, 'input.briefingConclusionId');
    return { meetingId: row.meeting_id, conclusionId };
  }

  /**
   * Whom a directive goes to. The city: any district or commune council of
   * its own city (default: every district). A district: its own communes that
   * have a council (default: all of them).
   */
  private async targets(
    codes: string[] | null | undefined,
    issuer: CouncilUnitEntity,
    byDistrict: boolean,
    today: string,
  ): Promise<CouncilUnitEntity[]> {
    if (codes && codes.length > MAX_TARGETS)
      throw new InvalidInputError('input.targetUnitCodes', { vi: `Tối đa ${MAX_TARGETS} đơn vị`, en: `At most ${MAX_TARGETS} units` });
    if (!codes?.length) {
      // Every council directly below the issuer on the day: the city's districts until 2025-06-30, its communes after.
      const all = await this.hierarchy.list({ parentCode: issuer.code }, today);
      return all.filter((u) => hasCouncilOn(u, today));
    }
    const unique = [...new Set(codes)];
    const found = new Map((await this.hierarchy.findByCodes(unique, today)).map((u) => [u.code, u]));
    return unique.map((code) => {
      const field = `input.targetUnitCodes[${codes.indexOf(code)}]`;
      const unit = found.get(code);
      if (!unit)
        throw new InvalidInputError(field, {
          vi: `Không có đơn vị mã "${code.slice(0, 20)}"`,
          en: `No unit with code "${code.slice(0, 20)}"`,
        });
      if (!hasCouncilOn(unit, today))
        throw new InvalidInputError(field, { vi: `${unit.name} không có HĐND`, en: `${unit.name} has no People's Council` });
      const allowed = byDistrict
        ? unit.level === CouncilLevel.WARD && unit.parentCode === issuer.code
        : unit.rootCode === issuer.rootCode && unit.level !== CouncilLevel.CITY;
      if (!allowed)
        throw new ForbiddenError({ vi: `Không được giao nhiệm vụ cho ${unit.name}`, en: `Not allowed to direct ${unit.name}` }, { field });
      return unit;
    });
  }

  /** The directives the caller issued (its unit's), or for city staff all of the city's. */
  async list(ctx: RequestContext, filter: { status?: AssignmentStatus | null; overdue?: boolean | null }): Promise<DirectiveEntity[]> {
    const user = ctx.requireUser();
    const qb = this.db.getRepository(DirectiveEntity).createQueryBuilder('d');
    if (!ctx.isCityWide) qb.andWhere('d.issuedByUnit = :unit', { unit: user.unitCode });
    if (filter.status) {
      qb.andWhere(`EXISTS (SELECT 1 FROM city.assignment_view a WHERE a.directive_id = d.id AND a.status = :status)`, {
        status: filter.status,
      });
    }
    if (filter.overdue != null) {
      const overdue = `EXISTS (SELECT 1 FROM city.assignment_view a WHERE a.directive_id = d.id AND a.status <> 'COMPLETED' AND a.due_date < :today)`;
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { today: vietnamDate(new Date()) });
    }
    return qb.orderBy('d.issuedAt', 'DESC').getMany();
  }

  async get(ctx: RequestContext, id: string): Promise<DirectiveEntity | null> {
    const user = ctx.requireUser();
    if (!isUuid(id)) throw new InvalidInputError('id', { vi: 'Mã chỉ đạo không hợp lệ', en: 'Invalid directive id' });
    const directive = await this.db.getRepository(DirectiveEntity).findOneBy({ id });
    if (!directive) return null;
    if (!ctx.isCityWide && directive.issuedByUnit !== user.unitCode) throw new ForbiddenError();
    return directive;
  }

  /** Counts per directive; assignments not yet arrived from the fan-out count as pending. */
  async progress(directives: readonly Pick<DirectiveEntity, 'id' | 'expectedAssignments'>[]): Promise<Map<string, ProgressCounts>> {
    const rows: { directive_id: string; status: string; n: number; overdue: number }[] = directives.length
      ? await this.db.query(
          `SELECT directive_id, status, count(*)::int AS n, count(*) FILTER (WHERE status <> 'COMPLETED' AND due_date < $2)::int AS overdue
             FROM city.assignment_view WHERE directive_id = ANY($1) GROUP BY directive_id, status`,
          [directives.map((d) => d.id), vietnamDate(new Date())],
        )
      : [];
    const out = new Map<string, ProgressCounts>();
    for (const d of directives) {
      const mine = rows.filter((r) => r.directive_id === d.id);
      const count = (s: AssignmentStatus) => mine.find((r) => r.status === s)?.n ?? 0;
      const seen = mine.reduce((a, r) => a + r.n, 0);
      const total = Math.max(seen, d.expectedAssignments);
      const acknowledged = count(AssignmentStatus.ACKNOWLEDGED);
      const inProgress = count(AssignmentStatus.IN_PROGRESS);
      const completed = count(AssignmentStatus.COMPLETED);
      out.set(d.id, {
        total,
        pending: total - acknowledged - inProgress - completed,
        acknowledged,
        inProgress,
        completed,
        overdue: mine.reduce((a, r) => a + r.overdue, 0),
      });
    }
    return out;
  }

  /**
   * How far the directives `issuerCode` issued before `issuedBefore` have got, summed (for the briefing, which checks
   * its readers, and shows a period's directives only: a later one did not exist yet at that briefing).
   */
  async progressOfIssuer(issuerCode: string, issuedBefore: Date): Promise<ProgressCounts> {
    const issued = await this.db
      .getRepository(DirectiveEntity)
      .find({ select: { id: true, expectedAssignments: true }, where: { issuedByUnit: issuerCode, issuedAt: LessThan(issuedBefore) } });
    const sum: ProgressCounts = { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 };
    for (const counts of (await this.progress(issued)).values())
      for (const k of Object.keys(sum) as (keyof ProgressCounts)[]) sum[k] += counts[k];
    return sum;
  }

  /** The directives' own targets' assignments (not those passed down), many directives in one query. */
  async topAssignments(directiveIds: readonly string[]): Promise<AssignmentViewEntity[]> {
    if (!directiveIds.length) return [];
    return this.db
      .getRepository(AssignmentViewEntity)
      .createQueryBuilder('a')
      .where('a.directiveId IN (:...ids)', { ids: [...directiveIds] })
      .andWhere('a.parentId IS NULL')
      .orderBy('a.unitCode')
      .getMany();
  }

  async childAssignments(parentIds: readonly string[]): Promise<AssignmentViewEntity[]> {
    if (!parentIds.length) return [];
    return this.db
      .getRepository(AssignmentViewEntity)
      .createQueryBuilder('a')
      .where('a.parentId IN (:...ids)', { ids: [...parentIds] })
      .orderBy('a.unitCode')
      .getMany();
  }

  /** Open and overdue assignments per district-level unit (a district's own and its communes'), for the briefing. */
  async overdueByDistrict(ctx: RequestContext): Promise<{ districtCode: string; open: number; overdue: number }[]> {
    if (!ctx.isCityWide) throw new ForbiddenError();
    return this.openAndOverdueByDistrict();
  }

  /**
   * The same counts without a caller, for the briefing summary (whose readers are checked by the briefing); with
   * `issuedBefore`, only the assignments of directives issued before it (a period's briefing).
   */
  async openAndOverdueByDistrict(issuedBefore?: Date): Promise<{ districtCode: string; open: number; overdue: number }[]> {
    return this.db.query(
      `SELECT a.district_code AS "districtCode", count(*) FILTER (WHERE a.status <> 'COMPLETED')::int AS open,
              count(*) FILTER (WHERE a.status <> 'COMPLETED' AND a.due_date < $1)::int AS overdue
         FROM city.assignment_view a LEFT JOIN city.directive d ON d.id = a.directive_id
        WHERE a.district_code IS NOT NULL AND ($2::timestamptz IS NULL OR d.issued_at < $2)
        GROUP BY a.district_code ORDER BY a.district_code`,
      [vietnamDate(new Date()), issuedBefore ?? null],
    );
  }
}
