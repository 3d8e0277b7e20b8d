import type { RequestContext } from '@council/auth';
import { defaultDueDate, InvalidInputError, isIsoDate, parseQuarter, quarterEnd, type QuarterPeriod, vietnamDate } from '@council/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Deadlines per quarter: the default (10 days after the quarter ends) unless the city set another. */
@Injectable()
export class ReportingPeriodService {
  private readonly memo = new Map<string, { at: number; due: string }>();
  private static readonly MEMO_MS = 10_000;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async dueDate(q: QuarterPeriod): Promise<string> {
    const hit = this.memo.get(q.code);
    if (hit && Date.now() - hit.at < ReportingPeriodService.MEMO_MS) return hit.due;
    const rows: { due: string }[] = await this.db.query(
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM district.reporting_period WHERE period = $1`,
      [q.code],
    );
    const due = rows[0]?.due ?? defaultDueDate(q);
    this.memo.set(q.code, { at: Date.now(), due });
    return due;
  }

  /** Record a quarter's deadline (ReportDeadlineService.setDeadline re-decides the reports' lateness against it). */
  async setDueDate(ctx: RequestContext, period: string, dueDate: string): Promise<string> {
    const user = ctx.requireUser();
    const q = parseQuarter(period, 'period');
    if (!isIsoDate(dueDate))
      throw new InvalidInputError('dueDate', {
        vi: `Ngày "${dueDate}" không hợp lệ (dạng YYYY-MM-DD)`,
        en: `Invalid date "${dueDate}" (YYYY-MM-DD)`,
      });
    if (dueDate < vietnamDate(quarterEnd(q))) {
      throw new InvalidInputError('dueDate', {
        vi: 'Hạn báo cáo không được trước ngày kết thúc quý',
        en: 'The deadline cannot be before the quarter ends',
      });
    }
    await this.db.query(
      `INSERT INTO district.reporting_period (period, due_date, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (period) DO UPDATE SET due_date = EXCLUDED.due_date, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [q.code, dueDate, user.username],
    );
    this.memo.delete(q.code);
    return dueDate;
  }
}
