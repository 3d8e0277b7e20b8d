import { Injectable } from '@nestjs/common';
import { ConflictError, CouncilLevel, ForbiddenError, InvalidInputError, isUuid, NotFoundError, Role } from '@council/core';
import type { RequestContext } from '@council/auth';
import { ReviewDecision } from './dto/report.input.js';
import { ReportEntity, ReportStatus } from './report.entity.js';
import { ReportStore, type ReportView } from './report.store.js';

const MAX_COMMENT = 5000;

/** The review of a submitted report by the council directly above: accept, or return with a reason. */
@Injectable()
export class ReportReviewService {
  constructor(private readonly store: ReportStore) {}

  /**
   * A district accepts or returns its wards' reports; the city those of the
   * districts (and, acting for anyone, of the wards). Only a submitted report
   * can be reviewed; a returned one stops counting until it is submitted again.
   */
  async review(ctx: RequestContext, reportId: string, decision: ReviewDecision, comment?: string | null): Promise<ReportView> {
    const user = ctx.requireUser();
    const text = comment?.trim() || null;
    if (decision === ReviewDecision.RETURN && !text) {
      throw new InvalidInputError('comment', { vi: 'Trả lại báo cáo cần ghi rõ lý do', en: 'Returning a report needs a comment saying why' });
    }
    if (text && text.length > MAX_COMMENT) {
      throw new InvalidInputError('comment', { vi: `Ý kiến quá dài (tối đa ${MAX_COMMENT} ký tự)`, en: `Comment too long (at most ${MAX_COMMENT} characters)` });
    }
    if (!isUuid(reportId)) throw new InvalidInputError('id', { vi: 'Mã báo cáo không hợp lệ', en: 'Invalid report id' });
    return this.store.changing(async (tx) => {
      const report = await tx.getRepository(ReportEntity).findOne({ where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw new NotFoundError({ vi: 'Không tìm thấy báo cáo', en: 'Report not found' }, { field: 'id' });
      const reviewer =
        ctx.isCityWide || (user.role === Role.DISTRICT_STAFF && report.unitLevel === CouncilLevel.WARD && report.districtCode === user.unitCode);
      if (!reviewer) {
        throw new ForbiddenError({
          vi: 'Chỉ Thường trực HĐND cấp trên trực tiếp được tiếp nhận hoặc trả lại báo cáo này',
          en: 'Only the council directly above may accept or return this report',
        });
      }
      if (report.status !== ReportStatus.SUBMITTED) {
        throw new ConflictError(
          { vi: `Chỉ xem xét được báo cáo đang ở trạng thái đã gửi (hiện tại: ${report.status})`, en: `Only a submitted report can be reviewed (it is ${report.status})` },
          { status: report.status },
        );
      }
      const now = new Date();
      const before = report.status;
      report.status = decision === ReviewDecision.ACCEPT ? ReportStatus.ACCEPTED : ReportStatus.RETURNED;
      report.revision += 1;
      report.reviewComment = text;
      report.reviewedBy = user.username;
      report.reviewedAt = now;
      await this.store.persist(tx, report);
      const version = await this.store.version(tx, report.id, report.version);
      await this.store.audit(tx, ctx, report, decision === ReviewDecision.ACCEPT ? 'ACCEPT' : 'RETURN', report.version, {
        status: { before, after: report.status },
        comment: text,
      });
      await this.store.emit(tx, report, version, decision === ReviewDecision.ACCEPT ? 'ReportAccepted' : 'ReportReturned', now);
      return { report, shown: version, findings: version.findings };
    });
  }
}
