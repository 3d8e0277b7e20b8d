import type { RequestContext } from '@council/auth';
import { ForbiddenError, InvalidInputError, parseQuarter, Permission } from '@council/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { AuditEntryModel } from './models/audit-entry.model.js';

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first. City staff only: the audit trail spans every council. */
  async list(
    ctx: RequestContext,
    filter: { unitCode?: string | null; period?: string | null; limit?: number | null },
  ): Promise<AuditEntryModel[]> {
    if (!ctx.can(Permission.ReadAudit)) throw new ForbiddenError();
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidInputError('limit', { vi: 'limit phải từ 1 đến 1000', en: 'limit must be 1 to 1000' });
    const period = filter.period != null ? parseQuarter(filter.period, 'period').code : null;
    const rows: (Omit<AuditEntryModel, 'changes'> & { changes: unknown })[] = await this.db.query(
      `SELECT id::text, at, username, action, unit_code AS "unitCode", period, report_id AS "reportId", version, changes
         FROM district.audit_log a
        WHERE ($1::varchar IS NULL OR unit_code = $1) AND ($2::varchar IS NULL OR period = $2)
        ORDER BY a.id DESC LIMIT $3`, // a.id: the bigint; the text alias would sort "99" after "100"
      [filter.unitCode ?? null, period, limit],
    );
    return rows.map((r) => ({ ...r, changes: JSON.stringify(r.changes) }));
  }
}
