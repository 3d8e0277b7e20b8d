import type { RequestContext } from '@council/auth';
import { dayBefore, ForbiddenError, InvalidInputError, parsePeriod, Permission, vietnameseDateText } from '@council/core';
import { COUNCIL_TERM_COLUMNS, type CouncilTermRow, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { AuditService } from '@council/reporting';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { SetCouncilTermInput } from './council-term-admin.input.js';

/**
 * A council's term as an administrator sets it (issue 14): the number (khóa) no file gives, or dates that differ
 * from the election days the seed assumes. The unit is its code on the term's first day and must have a council that
 * day. Refused, naming the field: a code that is no term, a number below 1, an end not after the start, a unit
 * unknown or without a council on the first day, dates overlapping another of the unit's terms. The row and its audit
 * entry are one transaction, terms set one at a time (the table locked), so two at once cannot overlap.
 */
@Injectable()
export class CouncilTermAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly audit: AuditService,
  ) {}

  async set(ctx: RequestContext, input: SetCouncilTermInput): Promise<CouncilTermRow> {
    if (!ctx.can(Permission.ManageCatalogue)) throw new ForbiddenError();
    const term = parsePeriod(input.termCode.trim(), 'input.termCode');
    if (term.kind !== 'TERM')
      throw new InvalidInputError('input.termCode', {
        vi: `"${term.code}" không phải một nhiệm kỳ: dùng dạng "NK2026-2031"`,
        en: `"${term.code}" is not a term: use "NK2026-2031"`,
      });
    const number = input.number ?? null;
    if (number !== null && number < 1)
      throw new InvalidInputError('input.number', { vi: 'Khóa phải từ 1 trở lên', en: 'The term number must be 1 or more' });
    const validTo = input.validTo ?? null;
    if (validTo !== null && validTo <= input.validFrom)
      throw new InvalidInputError('input.validTo', {
        vi: `Ngày kết thúc (${vietnameseDateText(validTo)}) phải sau ngày bắt đầu (${vietnameseDateText(input.validFrom)})`,
        en: `The end (${validTo}) must come after the start (${input.validFrom})`,
      });
    const unit = await this.hierarchy.requireByCode(input.unitCode.trim(), 'input.unitCode', input.validFrom);
    if (!hasCouncilOn(unit, input.validFrom))
      throw new InvalidInputError('input.unitCode', {
        vi: `${unit.name} không có HĐND vào ngày ${vietnameseDateText(input.validFrom)}`,
        en: `${unit.name} has no People’s Council on ${input.validFrom}`,
      });
    return this.db.transaction(async (tx) => {
      await tx.query(`LOCK TABLE hierarchy.council_term IN SHARE ROW EXCLUSIVE MODE`);
      const [overlap]: CouncilTermRow[] = await tx.query(
        `SELECT ${COUNCIL_TERM_COLUMNS} FROM hierarchy.council_term
          WHERE unit_code = $1 AND term_code <> $2 AND daterange(valid_from, valid_to) && daterange($3::date, $4::date) LIMIT 1`,
        [unit.code, term.code, input.validFrom, validTo],
      );
      if (overlap)
        throw new InvalidInputError('input.validFrom', {
          vi: `Nhiệm kỳ chồng lên nhiệm kỳ ${overlap.termCode} của ${unit.name} (${spanText(overlap)})`,
          en: `The term overlaps ${unit.name}’s term ${overlap.termCode} (${overlap.validFrom} to ${overlap.validTo ? `${dayBefore(overlap.validTo)} inclusive` : 'now'})`,
        });
      const [before]: CouncilTermRow[] = await tx.query(
        `SELECT ${COUNCIL_TERM_COLUMNS} FROM hierarchy.council_term WHERE unit_code = $1 AND term_code = $2`,
        [unit.code, term.code],
      );
      const [after]: CouncilTermRow[] = await tx.query(
        `INSERT INTO hierarchy.council_term (unit_code, term_code, number, valid_from, valid_to, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (unit_code, term_code) DO UPDATE SET number = EXCLUDED.number, valid_from = EXCLUDED.valid_from,
           valid_to = EXCLUDED.valid_to, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
         RETURNING ${COUNCIL_TERM_COLUMNS}`,
        [unit.code, term.code, number, input.validFrom, validTo, ctx.requireUser().username],
      );
      await this.audit.record(tx, ctx, {
        action: 'COUNCIL_TERM_SET',
        subject: `council-term:${unit.code}:${term.code}`,
        unitCode: unit.code,
        changes: { before: before ? { ...before } : null, after: { ...after } },
      });
      return after;
    });
  }
}

// The last day, as people say a term's end ("đến hết ngày 14/03/2026"); the stored end is the day after.
const spanText = (t: CouncilTermRow) =>
  `từ ${vietnameseDateText(t.validFrom)} ${t.validTo ? `đến hết ngày ${vietnameseDateText(dayBefore(t.validTo))}` : 'đến nay'}`;
