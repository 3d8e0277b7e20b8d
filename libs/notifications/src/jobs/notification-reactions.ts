import { NotificationKind, parseQuarter, quarterStartDay, vietnamDate } from '@council/core';
import {
  type AssignmentSnapshot,
  JobRegistry,
  type QuarterClosureSnapshot,
  type ReopenSnapshot,
  type ReportSnapshot,
} from '@council/messaging';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { type NotificationDraft, NotificationsService } from '../notifications.service.js';
import { NOTIFY_DB } from '../notifications.tokens.js';
import { UnitNames } from '../unit-names.js';

/**
 * The worker's reactions to the events the platform already carries (the typed catalogue, libs/messaging): a report
 * returned or accepted, an assignment created by a fan-out or gone past its due date, a reopening asked or decided, a
 * quarter closed. A reaction to another feature's event runs as a job of its own once that event's handler succeeded
 * (JobRegistry.subscribe); the events nothing else handles are registered here. The dedupe key makes a rerun create
 * nothing.
 */
@Injectable()
export class NotificationReactions implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly notifications: NotificationsService,
    private readonly units: UnitNames,
    /** The district side: a returned report's comment. */
    @InjectDataSource() private readonly district: DataSource,
    /** The city side: a directive's title. */
    @Inject(NOTIFY_DB) private readonly city: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.subscribe('ReportReturned', 'notify', (report) => this.reviewed(NotificationKind.REPORT_RETURNED, report));
    this.registry.subscribe('ReportAccepted', 'notify', (report) => this.reviewed(NotificationKind.REPORT_ACCEPTED, report));
    this.registry.subscribe('AssignmentsChanged', 'notify', ({ assignments }) => this.assignments(assignments));
    // Nothing else at the city applies a reopening: telling the people concerned is this event's whole handling.
    this.registry.register('ReopenChanged', (request) => this.reopen(request));
    this.registry.register('QuarterClosureRecorded', (closure) => this.closed(closure));
  }

  /**
   * Every council the closure covers is told, in one batch (a city-wide closing: every council of the city). Once per
   * scope and quarter: closing the same scope again tells nobody again; the city closing a quarter a district had
   * already closed is news of its own, and told.
   */
  async closed(closure: QuarterClosureSnapshot): Promise<void> {
    const asOf = quarterStartDay(parseQuarter(closure.period));
    const councils = await this.units.councilsOf(closure.scopeCode, asOf);
    await this.notifications.notify(
      councils.map((unit) => ({
        kind: NotificationKind.QUARTER_CLOSED,
        key: `${closure.scopeCode}:${closure.period}:${unit.code}`,
        unit,
        subject: { unitCode: unit.code, unitName: unit.name, period: closure.period },
      })),
    );
  }

  /** Asked: the level above is told (a commune's district, a district's city); decided: the council that asked. */
  async reopen(request: ReopenSnapshot): Promise<void> {
    const kind = {
      PENDING: NotificationKind.REOPEN_REQUESTED,
      GRANTED: NotificationKind.REOPEN_GRANTED,
      REFUSED: NotificationKind.REOPEN_REFUSED,
    }[request.status];
    const unit = await this.units.of(request.unitCode, quarterStartDay(parseQuarter(request.period)));
    await this.notifications.notify([
      {
        kind,
        key: request.id,
        unit,
        subject: {
          unitCode: unit.code,
          unitName: unit.name,
          period: request.period,
          reportId: request.reportId,
          note: request.status === 'PENDING' ? request.reason : request.note,
        },
      },
    ]);
  }

  async reviewed(kind: NotificationKind, report: ReportSnapshot): Promise<void> {
    const unit = await this.units.of(report.unitCode, quarterStartDay(parseQuarter(report.period)));
    const [row] =
      kind === NotificationKind.REPORT_RETURNED
        ? await this.district.query(`SELECT review_comment FROM district.report WHERE id = $1`, [report.reportId])
        : [];
    await this.notifications.notify([
      {
        kind,
        // Each review is its own change of the report (a report returned twice is told twice).
        key: `${report.reportId}:${report.revision}`,
        unit,
        subject: {
          unitCode: unit.code,
          unitName: unit.name,
          period: report.period,
          reportId: report.reportId,
          note: row?.review_comment ?? null,
        },
      },
    ]);
  }

  /** A fan-out's new assignments (revision 1), and any past its due date and not completed: told once each. */
  async assignments(list: AssignmentSnapshot[]): Promise<void> {
    const today = vietnamDate(new Date());
    const wanted = list.flatMap((a) => [
      ...(a.revision === 1 ? [{ a, kind: NotificationKind.DIRECTIVE_ASSIGNED }] : []),
      ...(a.dueDate < today && a.status !== 'COMPLETED' ? [{ a, kind: NotificationKind.ASSIGNMENT_OVERDUE }] : []),
    ]);
    if (wanted.length === 0) return;
    const titles: { id: string; title: string }[] = await this.city.query(`SELECT id, title FROM city.directive WHERE id = ANY($1)`, [
      [...new Set(wanted.map((w) => w.a.directiveId))],
    ]);
    const titleOf = new Map(titles.map((t) => [t.id, t.title]));
    const drafts: NotificationDraft[] = [];
    for (const { a, kind } of wanted) {
      const unit = await this.units.of(a.unitCode);
      drafts.push({
        kind,
        key: a.assignmentId,
        unit,
        subject: {
          unitCode: unit.code,
          unitName: unit.name,
          directiveId: a.directiveId,
          assignmentId: a.assignmentId,
          title: titleOf.get(a.directiveId) ?? '',
          dueDate: a.dueDate,
        },
      });
    }
    await this.notifications.notify(drafts);
  }
}
