import type { RequestContext } from '@council/auth';
import { type CouncilLevel, ForbiddenError, InvalidInputError, Permission, vietnameseDateText } from '@council/core';
import { UNIT_LINK_COLUMNS, type UnitLinkRow } from '@council/hierarchy';
import { AuditService } from '@council/reporting';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import type { RecordUnitLinkInput } from './unit-link-admin.input.js';

interface Identity {
  id: string;
  key: string;
  code: string;
  name: string;
  level: CouncilLevel;
  validFrom: string;
  validTo: string | null;
}

/**
 * Links an administrator records where no file gives them (issue 14: the 2025-01-01 successors the names do not
 * show; data/README.md lists them). Each unit is a code on a day, which names one identity. Refused, naming the field:
 * a code that names nothing that day, a unit its own successor, a link that closes a cycle, an old unit that did not
 * end on a reorganisation's day or a new one that did not exist that day (or of another level), a pair already
 * linked, a second link out of a unit that went whole into one. The link and its audit entry are one transaction,
 * and links are recorded one at a time (the table locked), so two at once cannot make a cycle together.
 */
@Injectable()
export class UnitLinkAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async record(ctx: RequestContext, input: RecordUnitLinkInput): Promise<UnitLinkRow> {
    if (!ctx.can(Permission.ManageCatalogue)) throw new ForbiddenError();
    return this.db.transaction(async (tx) => {
      await tx.query(`LOCK TABLE hierarchy.unit_link IN SHARE ROW EXCLUSIVE MODE`);
      const from = await this.identity(tx, input.fromCode.trim(), input.fromDate, 'input.fromCode');
      const to = await this.identity(tx, input.toCode.trim(), input.toDate, 'input.toCode');
      if (from.id === to.id)
        throw new InvalidInputError('input.toCode', {
          vi: `${to.name} (mã ${to.code}) không thể là đơn vị kế thừa của chính nó`,
          en: `${to.name} (code ${to.code}) cannot be its own successor`,
        });
      const [cycle] = await tx.query(
        `WITH RECURSIVE after(id) AS (SELECT $1::uuid UNION SELECT l.to_unit_id FROM hierarchy.unit_link l JOIN after a ON l.from_unit_id = a.id)
         SELECT 1 FROM after WHERE id = $2::uuid`,
        [to.id, from.id],
      );
      if (cycle)
        throw new InvalidInputError('input.toCode', {
          vi: `Liên kết tạo thành vòng: ${from.name} (mã ${from.code}) đã là đơn vị kế thừa (trực tiếp hoặc gián tiếp) của ${to.name} (mã ${to.code})`,
          en: `The link would make a cycle: ${from.name} (code ${from.code}) already succeeds ${to.name} (code ${to.code}), directly or not`,
        });
      const [event]: { id: string; effectiveDate: string }[] = await tx.query(
        `SELECT id, effective_date::text AS "effectiveDate" FROM hierarchy.reorganisation_event WHERE effective_date = $1::date`,
        [from.validTo],
      );
      if (!event)
        throw new InvalidInputError('input.fromCode', {
          vi: `${from.name} (mã ${from.code}) không thôi tồn tại vào ngày có hiệu lực của một đợt sắp xếp đơn vị hành chính`,
          en: `${from.name} (code ${from.code}) did not end on the day a reorganisation took effect`,
        });
      const day = event.effectiveDate;
      if (to.validFrom > day || (to.validTo !== null && to.validTo <= day) || to.level !== from.level)
        throw new InvalidInputError('input.toCode', {
          vi: `${to.name} (mã ${to.code}) không phải đơn vị cùng cấp tồn tại ngày ${vietnameseDateText(day)}, khi ${from.name} thôi tồn tại`,
          en: `${to.name} (code ${to.code}) is not a unit of the same level that existed on ${day}, when ${from.name} ended`,
        });
      const known: { toUnitId: string; kind: string; toName: string }[] = await tx.query(
        `SELECT to_unit_id AS "toUnitId", kind, to_name AS "toName" FROM hierarchy.unit_link WHERE from_unit_id = $1`,
        [from.id],
      );
      if (known.some((k) => k.toUnitId === to.id))
        throw new InvalidInputError('input.toCode', {
          vi: `Đã có liên kết ${from.name} (mã ${from.code}) → ${to.name} (mã ${to.code})`,
          en: `${from.name} (code ${from.code}) → ${to.name} (code ${to.code}) is already recorded`,
        });
      if (known.length > 0 && (input.kind === 'full' || known.some((k) => k.kind === 'full')))
        throw new InvalidInputError('input.kind', {
          vi: `${from.name} đã có liên kết tới ${known.map((k) => k.toName).join(', ')}; đơn vị nhập toàn bộ vào một đơn vị thì không nhập vào đơn vị khác`,
          en: `${from.name} is already linked to ${known.map((k) => k.toName).join(', ')}; a unit that went whole into one went into no other`,
        });
      const [{ id }]: { id: string }[] = await tx.query(
        `INSERT INTO hierarchy.unit_link (event_id, from_unit_id, to_unit_id, from_code, from_name, to_code, to_name, kind, derivation, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'administrator', $9) RETURNING id`,
        [event.id, from.id, to.id, from.code, from.name, to.code, to.name, input.kind, ctx.requireUser().username],
      );
      await this.audit.record(tx, ctx, {
        action: 'UNIT_LINK_RECORD',
        subject: `unit-link:${from.key}>${to.key}`,
        unitCode: to.code,
        changes: {
          before: null,
          after: {
            event: day,
            from: { key: from.key, code: from.code, name: from.name },
            to: { key: to.key, code: to.code, name: to.name },
            kind: input.kind,
          },
        },
      });
      const [row]: UnitLinkRow[] = await tx.query(
        `SELECT ${UNIT_LINK_COLUMNS} FROM hierarchy.unit_link l JOIN hierarchy.reorganisation_event e ON e.id = l.event_id
           JOIN hierarchy.unit f ON f.id = l.from_unit_id JOIN hierarchy.unit t ON t.id = l.to_unit_id WHERE l.id = $1`,
        [id],
      );
      return row;
    });
  }

  /** The identity that bore `code` on `day`, or BAD_USER_INPUT naming the field and the date. */
  private async identity(tx: EntityManager, code: string, day: string, field: string): Promise<Identity> {
    const [unit]: Identity[] = await tx.query(
      `SELECT id, key, code, name, level, valid_from::text AS "validFrom", valid_to::text AS "validTo" FROM hierarchy.unit
        WHERE code = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
      [code, day],
    );
    if (!unit)
      throw new InvalidInputError(field, {
        vi: `Không có đơn vị hành chính mã "${code}" vào ngày ${vietnameseDateText(day)}`,
        en: `No administrative unit with code "${code}" on ${day}`,
      });
    return unit;
  }
}
