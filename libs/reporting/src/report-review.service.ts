import { type RequestContext, UnitScopeService } from '@council/auth';
import {
  ConflictError,
  CouncilLevel,
  ForbiddenError,
  InvalidInputError,
  isUuid,
  NotFoundError,
  parseQuarter,
  quarterStartDay,
  Role,
} from '@council/core';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { ClosingService } from './closing/closing.service.js';
import { ReviewDecision } from './dto/report.input.js';
import { ReportEntity, ReportStatus } from './report.entity.js';
import { readVersion, ReportStore, type ReportView, writeReviewed } from './report.store.js';
import type { ReportVersionEntity } from './report-version.entity.js';
import type { Actor } from './submission.js';

const MAX_COMMENT = 5000;

/** The review of a submitted report by the council directly above: accept, or return with a reason. */
@Injectable()
export class ReportReviewService {
  constructor(
    private readonly store: ReportStore,
    private readonly closing: ClosingService,
    private readonly scope: UnitScopeService,
  ) {}

  /**
   * A district accepts or returns its wards' reports; the city those of the
   * districts (and, acting for anyone, of the wards). Only a submitted report
   * can be reviewed; a returned one stops counting until it is submitted again.
   */
  async review(ctx: RequestContext, reportId: string, decision: ReviewDecision, comment?: string | null): Promise<ReportView> {
    const user = ctx.requireUser();
    const text = comment?.trim() || null;
    if (decision === ReviewDecision.RETURN && !text) {
      throw new InvalidInputError('comment', {
        vi: 'Trả lại báo cáo cần ghi rõ lý do',
        en: 'Returning a report needs a comment saying why',
      });
    }
    if (text && text.length > MAX_COMMENT) {
      throw new InvalidInputError('comment', {
        vi: `Ý kiến quá dài (tối đa ${MAX_COMMENT} ký tự)`,
        en: `Comment too long (at most ${MAX_COMMENT} characters)`,
      });
    }
    if (!isUuid(reportId)) throw new InvalidInputError('id', { vi: 'Mã báo cáo không hợp lệ', en: 'Invalid report id' });
    return this.store.changing(async (tx) => {
      // The quarter's lock before the row's (ClosingService.enterQuarter): the report's period, read to take it, never changes.
      const [of]: { period: string }[] = await tx.query(`SELECT period FROM district.report WHERE id = $1`, [reportId]);
      if (of) await this.closing.enterQuarter(tx, of.period);
      const report = await tx.getRepository(ReportEntity).findOne({ where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw new NotFoundError({ vi: 'Không tìm thấy báo cáo', en: 'Report not found' }, { field: 'id' });
      // The district above the commune when its quarter began, by identity (issue 14): from 2025Q3 there is none, and
      // the city (city-wide roles) reviews its communes.
      const reviewer =
        ctx.isCityWide ||
        (user.role === Role.DISTRICT_STAFF &&
          report.unitLevel === CouncilLevel.WARD &&
          (await this.scope.covers(ctx, report.unitCode, quarterStartDay(parseQuarter(report.period)))));
      if (!reviewer) {
        throw new ForbiddenError({
          vi: 'Chỉ Thường trực HĐND cấp trên trực tiếp được tiếp nhận hoặc trả lại báo cáo này',
          en: 'Only the council directly above may accept or return this report',
        });
      }
      await this.closing.assertOpen(tx, report, 'period');
      const view = await reviewTransition(tx, report, { decision, comment: text, reviewer: user, at: new Date() });
      // Accepted again: the reopening has done its work and the report is final (closed) once more.
      if (decision === ReviewDecision.ACCEPT) await this.closing.endGrant(tx, report);
      return view;
    });
  }
}

/**
 * A submitted report accepted or returned, inside the caller's transaction holding its row lock: the row (status,
 * revision, review), the audit entry written as `reviewer`, and the event for the city. Who may review is the
 * caller's to decide (ReportReviewService for the API; the demo seed reviews as itself). `shown`, if the caller has
 * it, is the report's current version (else it is read).
 */
export async function reviewTransition(
  tx: EntityManager,
  report: ReportEntity,
  r: { decision: ReviewDecision; comment: string | null; reviewer: Actor; at: Date; shown?: ReportVersionEntity },
): Promise<ReportView> {
  if (report.status !== ReportStatus.SUBMITTED) {
    throw new ConflictError(
      {
        vi: `Chỉ xem xét được báo cáo đang ở trạng thái đã gửi (hiện tại: ${report.status})`,
        en: `Only a submitted report can be reviewed (it is ${report.status})`,
      },
      { status: report.status },
    );
  }
  const accept = r.decision === ReviewDecision.ACCEPT;
  const before = report.status;
  report.status = accept ? ReportStatus.ACCEPTED : ReportStatus.RETURNED;
  report.revision += 1;
  report.reviewComment = r.comment;
  report.reviewedBy = r.reviewer.username;
  report.reviewedAt = r.at;
  const version = r.shown ?? (await readVersion(tx, report.id, report.version));
  await writeReviewed(tx, report, {
    version,
    reviewer: r.reviewer,
    action: accept ? 'ACCEPT' : 'RETURN',
    changes: { status: { before, after: report.status }, comment: r.comment },
    type: accept ? 'ReportAccepted' : 'ReportReturned',
    at: r.at,
  });
  return { report, shown: version, findings: version.findings };
}
