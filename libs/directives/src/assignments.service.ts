import { type RequestContext, UnitScopeService } from '@council/auth';
import {
  ASSIGNMENT_STATUS_LABELS,
  assignmentId,
  AssignmentStatus,
  canMoveAssignment,
  ConflictError,
  CouncilLevel,
  districtCodeOf,
  ForbiddenError,
  InvalidInputError,
  isOverdue,
  isUuid,
  NotFoundError,
  Role,
  vietnamDate,
} from '@council/core';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService, unitIdentitySql } from '@council/hierarchy';
import { appendDistrictEvent, type AssignmentSnapshot, type DirectiveIssuedPayload, OutboxNotifier } from '@council/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { AssignmentEntity, AssignmentHistoryEntity } from './directive.entities.js';

const MAX_NOTE = 5000;

/**
 * The identity of the unit `column` named on the day its directive was issued (Vietnam), the day its fan-out read the
 * units at: an assignment belongs to the council it was given to, not to whichever unit bears its code later (00466:
 * Xã Nguyên Khê until 2025-06-30, Xã Phúc Thịnh since), as a report belongs to its unit as its quarter began. A
 * directive recorded after the fact (`issuedOn`) is read at its own day, not the day it was entered.
 */
const ISSUED_DAY = `(SELECT (d.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date FROM district.directive d WHERE d.id = a.directive_id)`;
const assignedIdentity = (column: string) => unitIdentitySql(column, ISSUED_DAY);

export interface FanOutRow {
  id: string;
  unit: CouncilUnitEntity;
  parentId: string | null;
}

export function snapshotOfAssignment(a: AssignmentEntity): AssignmentSnapshot {
  return {
    assignmentId: a.id,
    directiveId: a.directiveId,
    unitCode: a.unitCode,
    unitLevel: a.unitLevel as AssignmentSnapshot['unitLevel'],
    districtCode: a.districtCode,
    parentId: a.parentId,
    status: a.status as AssignmentStatus,
    progressPercent: a.progressPercent,
    lastNote: a.lastNote,
    dueDate: a.dueDate,
    revision: a.revision,
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}

/**
 * District side of directives: the fan-out into assignments, and the units'
 * work on them. Every change is one transaction with its history row and the
 * event that tells the city.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: UnitScopeService,
    private readonly hierarchy: HierarchyService,
    private readonly outbox: OutboxNotifier,
  ) {}

  /**
   * Who gets an assignment: one per target, and with cascade one per commune
   * with a council under each district target. Read before the transaction
   * opens (the hierarchy comes through the pool).
   */
  async planFanOut(d: DirectiveIssuedPayload): Promise<FanOutRow[]> {
    const on = vietnamDate(new Date(d.issuedAt));
    const targets = await this.hierarchy.findByCodes(d.targetUnitCodes, on);
    const rows: FanOutRow[] = targets.map((unit) => ({ id: assignmentId(d.directiveId, unit.code), unit, parentId: null }));
    if (d.cascadeToWards) {
      const districts = targets.filter((t) => t.level === CouncilLevel.DISTRICT);
      const wards = await this.hierarchy.childrenOf(
        districts.map((t) => t.code),
        on,
      );
      for (const district of districts) {
        for (const ward of wards.get(district.code) ?? []) {
          if (hasCouncilOn(ward, on))
            rows.push({ id: assignmentId(d.directiveId, ward.code), unit: ward, parentId: assignmentId(d.directiveId, district.code) });
        }
      }
    }
    return rows;
  }

  /**
   * Writes the planned assignments. Ids come from (directive, unit), so a
   * replay inserts nothing (ON CONFLICT DO NOTHING) and announces nothing.
   * Returns how many assignments this call created.
   */
  async fanOut(tx: EntityManager, d: DirectiveIssuedPayload, rows: FanOutRow[]): Promise<number> {
    await tx.query(
      `INSERT INTO district.directive (id, title, body, reference, issued_by_unit, issued_at, due_date) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [d.directiveId, d.title, d.body, d.reference, d.issuedByUnit, d.issuedAt, d.dueDate],
    );
    if (rows.length === 0) return 0;
    const created: AssignmentEntity[] = await tx.query(
      `INSERT INTO district.assignment (id, directive_id, unit_code, unit_level, district_code, parent_id, status, due_date)
       SELECT id, $2, unit_code, unit_level, district_code, parent_id, 'PENDING', $3
         FROM unnest($1::uuid[], $4::varchar[], $5::varchar[], $6::varchar[], $7::uuid[]) AS t(id, unit_code, unit_level, district_code, parent_id)
       ON CONFLICT (id) DO NOTHING
       RETURNING id, directive_id AS "directiveId", unit_code AS "unitCode", unit_level AS "unitLevel", district_code AS "districtCode",
                 parent_id AS "parentId", status, progress_percent AS "progressPercent", last_note AS "lastNote",
                 to_char(due_date, 'YYYY-MM-DD') AS "dueDate", revision, updated_at AS "updatedAt"`,
      [
        rows.map((r) => r.id),
        d.directiveId,
        d.dueDate,
        rows.map((r) => r.unit.code),
        rows.map((r) => r.unit.level),
        rows.map((r) => districtCodeOf(r.unit)),
        rows.map((r) => r.parentId),
      ],
    );
    if (created.length) {
      await tx.query(
        `INSERT INTO district.assignment_history (assignment_id, username, from_status, to_status, progress_percent, note)
         SELECT id, $2, NULL, 'PENDING', 0, NULL FROM unnest($1::uuid[]) AS t(id)`,
        [created.map((a) => a.id), `system:${d.issuedByUser}`],
      );
      await appendDistrictEvent(tx, d.directiveId, {
        type: 'AssignmentsChanged',
        payload: { assignments: created.map(snapshotOfAssignment) },
      });
    }
    return created.length;
  }

  /** A unit's assignments; a district's staff also see their communes'. */
  async list(ctx: RequestContext, filter: { unitCode?: string | null; status?: AssignmentStatus | null }): Promise<AssignmentEntity[]> {
    const user = ctx.requireUser();
    const today = vietnamDate(new Date());
    const qb = this.db.getRepository(AssignmentEntity).createQueryBuilder('a');
    // By code, and by identity where the unit (or the account) has one: what was given to a code's earlier unit is not listed.
    const mine = (column: string, unitId: string | null | undefined) =>
      unitId ? `(a.${column} = :unit AND ${assignedIdentity(`a.${column}`)} = :unitId)` : `a.${column} = :unit`;
    if (filter.unitCode) {
      const unit = await this.scope.readable(ctx, filter.unitCode, today, 'unitCode');
      qb.andWhere(mine('unit_code', unit.unitId), { unit: filter.unitCode, unitId: unit.unitId });
    } else if (user.role === Role.DISTRICT_STAFF) {
      qb.andWhere(`(${mine('unit_code', user.unitId)} OR ${mine('district_code', user.unitId)})`, {
        unit: user.unitCode,
        unitId: user.unitId,
      });
    } else if (!ctx.isCityWide) {
      if (user.role === Role.VIEWER) throw new ForbiddenError();
      qb.andWhere(mine('unit_code', user.unitId), { unit: user.unitCode, unitId: user.unitId });
    }
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    return qb.orderBy('a.createdAt', 'DESC').addOrderBy('a.unitCode').getMany();
  }

  async children(parentIds: readonly string[]): Promise<AssignmentEntity[]> {
    if (!parentIds.length) return [];
    return this.db
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.parentId IN (:...ids)', { ids: [...parentIds] })
      .orderBy('a.unitCode')
      .getMany();
  }

  async history(assignmentIds: readonly string[]): Promise<AssignmentHistoryEntity[]> {
    if (!assignmentIds.length) return [];
    return this.db
      .getRepository(AssignmentHistoryEntity)
      .createQueryBuilder('h')
      .where('h.assignmentId IN (:...ids)', { ids: [...assignmentIds] })
      .orderBy('h.id')
      .getMany();
  }

  /**
   * Move an assignment on (or add a note and a percentage where it is).
   * A district may not complete while any of its communes' assignments is
   * open, unless it says why; the reason is kept.
   */
  async update(
    ctx: RequestContext,
    id: string,
    change: { status: AssignmentStatus; progressPercent?: number | null; note?: string | null; completionReason?: string | null },
  ): Promise<AssignmentEntity> {
    const user = ctx.requireUser();
    if (!isUuid(id)) throw new InvalidInputError('id', { vi: 'Mã nhiệm vụ không hợp lệ', en: 'Invalid assignment id' });
    const note = change.note?.trim() || null;
    if (note && note.length > MAX_NOTE)
      throw new InvalidInputError('note', { vi: `Ghi chú tối đa ${MAX_NOTE} ký tự`, en: `Note: at most ${MAX_NOTE} characters` });
    const reason = change.completionReason?.trim() || null;
    if (reason && reason.length > MAX_NOTE)
      throw new InvalidInputError('completionReason', {
        vi: `Lý do tối đa ${MAX_NOTE} ký tự`,
        en: `Reason: at most ${MAX_NOTE} characters`,
      });
    const percent = change.progressPercent;
    if (percent != null && (!Number.isInteger(percent) || percent < 0 || percent > 100)) {
      throw new InvalidInputError('progressPercent', { vi: 'Tỷ lệ hoàn thành phải từ 0 đến 100', en: 'progressPercent must be 0 to 100' });
    }
    if (change.status === AssignmentStatus.COMPLETED && percent != null && percent !== 100) {
      throw new InvalidInputError('progressPercent', { vi: 'Đã hoàn thành thì tỷ lệ là 100%', en: 'A completed assignment is at 100%' });
    }
    const today = vietnamDate(new Date());
    // Whose it is never changes: check the caller's scope before the transaction (the hierarchy comes through the pool).
    const [owner] = (await this.db.query(
      `SELECT a.unit_code AS "unitCode", ${ISSUED_DAY}::text AS day FROM district.assignment a WHERE a.id = $1`,
      [id],
    )) as { unitCode: string; day: string }[];
    if (!owner) throw new NotFoundError({ vi: 'Không tìm thấy nhiệm vụ', en: 'Assignment not found' }, { field: 'id' });
    // The unit as it stood the day it was assigned (see assignedIdentity).
    await this.scope.writable(ctx, owner.unitCode, owner.day, 'id');
    const updated = await this.db.transaction(async (tx) => {
      const a = await tx.getRepository(AssignmentEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const from = a.status as AssignmentStatus;
      if (!canMoveAssignment(from, change.status)) {
        throw new ConflictError(
          {
            vi: `Không chuyển được từ "${ASSIGNMENT_STATUS_LABELS[from].vi}" sang "${ASSIGNMENT_STATUS_LABELS[change.status].vi}"`,
            en: `Cannot go from ${from} to ${change.status}`,
          },
          { field: 'status', from, to: change.status },
        );
      }
      if (change.status === AssignmentStatus.COMPLETED) {
        const [{ open }] = await tx.query(
          `SELECT count(*)::int AS open FROM district.assignment WHERE parent_id = $1 AND status <> 'COMPLETED'`,
          [a.id],
        );
        if (open > 0 && !reason) {
          throw new ConflictError(
            {
              vi: `Còn ${open} xã, thị trấn chưa hoàn thành: ghi rõ lý do (completionReason) để hoàn thành`,
              en: `${open} commune assignment(s) still open: give a completionReason to complete anyway`,
            },
            { field: 'completionReason', openChildren: open },
          );
        }
        a.completionReason = open > 0 ? reason : a.completionReason;
      }
      const nextPercent = change.status === AssignmentStatus.COMPLETED ? 100 : (percent ?? a.progressPercent);
      await tx.query(
        `UPDATE district.assignment SET status = $2, progress_percent = $3, last_note = COALESCE($4, last_note), completion_reason = $5,
                overdue = $6, revision = revision + 1, updated_at = now() WHERE id = $1`,
        [a.id, change.status, nextPercent, note, a.completionReason, isOverdue(change.status, a.dueDate, today)],
      );
      await tx.query(
        `INSERT INTO district.assignment_history (assignment_id, username, from_status, to_status, progress_percent, note) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          a.id,
          user.username,
          from,
          change.status,
          nextPercent,
          note ?? (reason && change.status === AssignmentStatus.COMPLETED ? reason : null),
        ],
      );
      const fresh = await tx.getRepository(AssignmentEntity).findOneByOrFail({ id: a.id });
      await appendDistrictEvent(tx, fresh.directiveId, {
        type: 'AssignmentsChanged',
        payload: { assignments: [snapshotOfAssignment(fresh)] },
      });
      return fresh;
    });
    this.outbox.notify('district');
    return updated;
  }

  /** Flags assignments whose due day has passed, so the city hears of it (reads also compute it). Returns how many. */
  async markOverdue(): Promise<number> {
    const today = vietnamDate(new Date());
    const marked = await this.db.transaction(async (tx) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, count].
      const [rows]: [AssignmentEntity[], number] = await tx.query(
        `UPDATE district.assignment SET overdue = true, revision = revision + 1, updated_at = now()
          WHERE NOT overdue AND status <> 'COMPLETED' AND due_date < $1
          RETURNING id, directive_id AS "directiveId", unit_code AS "unitCode", unit_level AS "unitLevel", district_code AS "districtCode",
                    parent_id AS "parentId", status, progress_percent AS "progressPercent", last_note AS "lastNote",
                    to_char(due_date, 'YYYY-MM-DD') AS "dueDate", revision, updated_at AS "updatedAt"`,
        [today],
      );
      if (rows.length)
        await appendDistrictEvent(tx, 'overdue', { type: 'AssignmentsChanged', payload: { assignments: rows.map(snapshotOfAssignment) } });
      return rows.length;
    });
    if (marked) this.outbox.notify('district');
    return marked;
  }
}
