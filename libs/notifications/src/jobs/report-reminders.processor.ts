import {
  type AppConfig,
  defaultDueDate,
  NotificationKind,
  previousQuarter,
  quarterAt,
  type QuarterPeriod,
  quarterStartDay,
  reminderAfter,
  reminderBefore,
  vietnamDate,
} from '@council/core';
import { hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import { APP_CONFIG } from '@council/server';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { type NotificationDraft, NotificationsService } from '../notifications.service.js';
import { noticeUnit } from '../unit-names.js';

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** What one run found to remind for one quarter. */
export interface ReminderPlan {
  period: string;
  dueDate: string;
  kind: NotificationKind.QUARTER_DUE_SOON | NotificationKind.REPORT_MISSING;
  /** The reminder's day offset (before or after the due date): part of its identity. */
  days: number;
}

/**
 * Scheduled (REMINDER_EVERY_MS): for the current and the previous quarter, councils that have not filed are told a
 * few days before the due date (REMINDER_DAYS_BEFORE), and after it they and the council above (REMINDER_DAYS_AFTER).
 * Each reminder is one notification per recipient, unit, quarter, kind and offset (its dedupe key), so runs may
 * repeat, overlap or be killed half-way: a rerun writes only what is missing.
 */
@Injectable()
export class ReportRemindersProcessor implements OnModuleInit {
  private readonly log = new Logger('ReportReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly schedule: MaintenanceSchedule,
    private readonly hierarchy: HierarchyService,
    private readonly notifications: NotificationsService,
    /** The district side: deadlines and who has filed. */
    @InjectDataSource() private readonly district: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register('SendReportReminders', async () => {
      const created = await this.run();
      if (created) this.log.log(`${created} reminder(s) written`);
    });
    this.schedule.every('SendReportReminders', this.config.notifications.reminderEveryMs);
  }

  /** One run as of `now`; returns how many notifications it wrote. */
  async run(now = new Date()): Promise<number> {
    const current = quarterAt(now);
    let created = 0;
    for (const quarter of [previousQuarter(current), current]) {
      const plan = await this.plan(quarter, vietnamDate(now));
      if (!plan) continue;
      const asOf = quarterStartDay(quarter);
      const all = await this.hierarchy.list({}, asOf);
      const units = all.filter((u) => hasCouncilOn(u, asOf));
      const filed = new Set(
        (
          (await this.district.query(`SELECT unit_code FROM district.report WHERE period = $1 AND first_submitted_at IS NOT NULL`, [
            plan.period,
          ])) as { unit_code: string }[]
        ).map((r) => r.unit_code),
      );
      const missing = units.filter((u) => !filed.has(u.code));
      // Every unit of the day is listed, so each one's parent is among them.
      const byCode = new Map(all.map((u) => [u.code, u]));
      const drafts: NotificationDraft[] = missing.map((u) => {
        const unit = noticeUnit(u, u.parentCode ? byCode.get(u.parentCode) : null);
        return {
          kind: plan.kind,
          key: `${u.code}:${plan.period}:${plan.days}`,
          unit,
          subject: {
            unitCode: u.code,
            unitName: unit.name,
            period: plan.period,
            dueDate: plan.dueDate,
            days: plan.days,
          },
        };
      });
      // A transaction per batch: a run killed half-way keeps what it wrote, and the next one writes the rest.
      const batch = this.config.notifications.reminderBatchUnits;
      for (let i = 0; i < drafts.length; i += batch) created += await this.notifications.notify(drafts.slice(i, i + batch));
    }
    return created;
  }

  /** Which reminder, if any, is due today for `quarter`. */
  async plan(quarter: QuarterPeriod, today: string): Promise<ReminderPlan | null> {
    const [row] = await this.district.query(
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM district.reporting_period WHERE period = $1`,
      [quarter.code],
    );
    const dueDate: string = row?.due ?? defaultDueDate(quarter);
    const left = daysBetween(today, dueDate);
    const { daysBefore, daysAfter } = this.config.notifications;
    const before = reminderBefore(daysBefore, left);
    if (before !== null) return { period: quarter.code, dueDate, kind: NotificationKind.QUARTER_DUE_SOON, days: before };
    const after = reminderAfter(daysAfter, -left);
    if (after !== null) return { period: quarter.code, dueDate, kind: NotificationKind.REPORT_MISSING, days: after };
    return null;
  }
}
