import type { RequestContext } from '@council/auth';
import { ForbiddenError, InvalidInputError, parseQuarter, Permission } from '@council/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import type { AdminAuditAction } from './audit-log.entity.js';
import type { AdminAuditEntryModel, AuditEntryModel } from './models/audit-entry.model.js';

export interface AdminAuditRecord {
  action: AdminAuditAction;
  /** `user:<name>`, `metric:<code>`, `period:<quarter>`. */
  subject: string;
  unitCode?: string | null;
  /** The quarter the entry is about, when there is one (a closure). */
  period?: string | null;
  /** Before and after; never a password or its hash. */
  changes: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}

/** Entries an audit list returns when not told how many. */
export const AUDIT_DEFAULT_LIMIT = 100;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first. City staff only: the audit trail spans every council. */
  async list(
    ctx: RequestContext,
    filter: { unitCode?: string | null; period?: string | null; limit?: number | null },
  ): Promise<AuditEntryModel[]> {
    if (!ctx.can(Permission.ReadAudit)) throw new ForbiddenError();
    const limit = filter.limit ?? AUDIT_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidInputError('limit', { vi: 'limit phải từ 1 đến 1000', en: 'limit must be 1 to 1000' });
    const period = filter.period != null ? parseQuarter(filter.period, 'period').code : null;
    const rows: (Omit<AuditEntryModel, 'changes'> & { changes: unknown })[] = await this.db.query(
      `SELECT id::text, at, username, action, unit_code AS "unitCode", period, report_id AS "reportId", version, changes
         FROM district.audit_log a
        WHERE report_id IS NOT NULL AND ($1::varchar IS NULL OR unit_code = $1) AND ($2::varchar IS NULL OR period = $2)
        ORDER BY a.id DESC LIMIT $3`, // a.id: the bigint; the text alias would sort "99" after "100"
      [filter.unitCode ?? null, period, limit],
    );
    return rows.map((r) => ({ ...r, changes: JSON.stringify(r.changes) }));
  }

  /**
   * An administrator's change, in the transaction that makes it (so the entry exists exactly when the change does).
   * The audit log has one writer, this lib; administration calls here rather than inserting itself.
   */
  async record(tx: EntityManager, ctx: RequestContext, entry: AdminAuditRecord): Promise<void> {
    await this.recordAs(tx, ctx.requireUser(), entry);
  }

  /**
   * The same, for an act whose actor came with a queued job rather than a request (a meeting marked held, applied by
   * the worker, closes the quarter in the name of whoever marked it).
   */
  async recordAs(tx: EntityManager, actor: { username: string; role: string }, entry: AdminAuditRecord): Promise<void> {
    await tx.query(
      `INSERT INTO district.audit_log (username, user_role, action, subject, unit_code, period, changes) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [
        actor.username,
        actor.role,
        entry.action,
        entry.subject,
        entry.unitCode ?? null,
        entry.period ?? null,
        JSON.stringify(entry.changes),
      ],
    );
  }

  /**
   * What the platform did by itself, for administrators to see beside their own changes (an account locked by
   * guesses): by `system`, in its own statement.
   */
  async recordSystem(entry: AdminAuditRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO district.audit_log (username, user_role, action, subject, unit_code, changes) VALUES ('system', 'SYSTEM', $1, $2, $3, $4::jsonb)`,
      [entry.action, entry.subject, entry.unitCode ?? null, JSON.stringify(entry.changes)],
    );
  }

  /** Administrators' changes, newest first; `subject` narrows to one (`user:linh`) or a kind (`user:`). */
  async listAdmin(ctx: RequestContext, filter: { subject?: string | null; limit?: number | null }): Promise<AdminAuditEntryModel[]> {
    if (!ctx.can(Permission.ReadAudit)) throw new ForbiddenError();
    const limit = filter.limit ?? AUDIT_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidInputError('limit', { vi: 'limit phải từ 1 đến 1000', en: 'limit must be 1 to 1000' });
    const subject = filter.subject ?? null;
    const rows: (Omit<AdminAuditEntryModel, 'changes'> & { changes: unknown })[] = await this.db.query(
      `SELECT id::text, at, username, action, subject, unit_code AS "unitCode", changes
         FROM district.audit_log a
        WHERE subject IS NOT NULL AND ($1::varchar IS NULL OR subject = $1 OR ($1 LIKE '%:' AND starts_with(subject, $1)))
        ORDER BY a.id DESC LIMIT $2`,
      [subject, limit],
    );
    return rows.map((r) => ({ ...r, changes: JSON.stringify(r.changes) }));
  }
}
