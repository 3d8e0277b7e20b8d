import { Ctx, type RequestContext } from '@council/auth';
import {
  defaultDueDate,
  LIST_SIZES,
  parseCalendarPeriod,
  parseQuarter,
  periodLabel,
  Permission,
  type QuarterPeriod,
  quartersOf,
  quarterStartDay,
} from '@council/core';
import { CouncilUnitModel, HierarchyLoaders } from '@council/hierarchy';
import { MetricsService } from '@council/metrics';
import { Allow, DateScalar, type GraphQLContext, ListSize, requestLoader } from '@council/server';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';

import { AUDIT_DEFAULT_LIMIT, AuditService } from './audit.service.js';
import { ReportInput, ReviewDecision } from './dto/report.input.js';
import { AuditEntryModel } from './models/audit-entry.model.js';
import { QuarterlyReportModel, ReportingPeriodModel, ReportVersionModel } from './models/quarterly-report.model.js';
import { ReportStatus } from './report.entity.js';
import type { ReportView } from './report.store.js';
import { ReportDeadlineService } from './report-deadline.service.js';
import { ReportReviewService } from './report-review.service.js';
import { ReportingService } from './reporting.service.js';
import { ReportingPeriodService } from './reporting-period.service.js';

@Resolver(() => QuarterlyReportModel)
export class ReportResolver {
  constructor(
    private readonly reporting: ReportingService,
    private readonly review: ReportReviewService,
    private readonly deadlines: ReportDeadlineService,
    private readonly periods: ReportingPeriodService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly units: HierarchyLoaders,
  ) {}

  private async model(view: ReportView): Promise<QuarterlyReportModel> {
    return QuarterlyReportModel.from(view, await this.metrics.byCode(), quarterStartDay(parseQuarter(view.report.period)));
  }

  @Allow(Permission.ReadReports)
  @Query(() => QuarterlyReportModel, { nullable: true, description: 'Báo cáo quý của một đơn vị / one council’s report for a quarter' })
  async report(
    @Ctx() ctx: RequestContext,
    @Args('unitCode') unitCode: string,
    @Args('period') period: string,
  ): Promise<QuarterlyReportModel | null> {
    const view = await this.reporting.get(ctx, unitCode, period);
    return view ? this.model(view) : null;
  }

  @Allow(Permission.ReadReports)
  @ListSize(
    ({ args }) =>
      args.unitCode
        ? args.period
          ? 1
          : LIST_SIZES.quarters
        : // a parent's subordinates, or every council in the caller's scope (all of them for city staff)
          (args.parentCode ? LIST_SIZES.children : LIST_SIZES.units) * (args.period ? 1 : LIST_SIZES.quarters),
    'period',
    'parentCode',
    'unitCode',
  )
  @Query(() => [QuarterlyReportModel], { description: 'Các báo cáo trong phạm vi của người dùng / the reports the caller may read' })
  async reports(
    @Ctx() ctx: RequestContext,
    @Args('period', { nullable: true }) period?: string,
    @Args('parentCode', { nullable: true }) parentCode?: string,
    @Args('status', { type: () => ReportStatus, nullable: true }) status?: ReportStatus,
    @Args('unitCode', { nullable: true, description: 'one council’s reports, every quarter (its report list)' }) unitCode?: string,
  ): Promise<QuarterlyReportModel[]> {
    const views = await this.reporting.list(ctx, { period, parentCode, status, unitCode });
    const catalogue = await this.metrics.byCode();
    return views.map((v) => QuarterlyReportModel.from(v, catalogue, quarterStartDay(parseQuarter(v.report.period))));
  }

  @Allow(Permission.WriteReports)
  @Mutation(() => QuarterlyReportModel, {
    description:
      'Lưu bản nháp, kể cả khi có lỗi (trả về trong findings; lỗi chỉ chặn việc gửi) / create or update the draft whatever its findings, ERRORs included (returned in findings; an ERROR blocks only submitReport)',
  })
  async saveReport(@Ctx() ctx: RequestContext, @Args('input') input: ReportInput): Promise<QuarterlyReportModel> {
    return this.model(await this.reporting.saveDraft(ctx, input));
  }

  @Allow(Permission.WriteReports)
  @Mutation(() => QuarterlyReportModel, {
    description: 'Lưu và gửi báo cáo; gửi lại tạo phiên bản mới / save and submit; a resubmission is a new version',
  })
  async submitReport(
    @Ctx() ctx: RequestContext,
    @Args('input') input: ReportInput,
    @Args('idempotencyKey', { nullable: true }) idempotencyKey?: string,
  ): Promise<QuarterlyReportModel> {
    return this.model(await this.reporting.submit(ctx, input, idempotencyKey));
  }

  @Allow(Permission.ReviewReports)
  @Mutation(() => QuarterlyReportModel, {
    description: 'Tiếp nhận hoặc trả lại báo cáo của cấp dưới / accept or return a subordinate council’s report',
  })
  async reviewReport(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('decision', { type: () => ReviewDecision }) decision: ReviewDecision,
    @Args('comment', { nullable: true }) comment?: string,
  ): Promise<QuarterlyReportModel> {
    return this.model(await this.review.review(ctx, id, decision, comment));
  }

  @Allow(Permission.ReadReports, Permission.ReadReference)
  @Query(() => ReportingPeriodModel, { description: 'Hạn gửi báo cáo của một quý / a quarter’s deadline' })
  async reportingPeriod(@Args('period') period: string): Promise<ReportingPeriodModel> {
    return this.periodModel(parseQuarter(period, 'period'));
  }

  @Allow(Permission.ReadReports, Permission.ReadReference)
  @ListSize(4)
  @Query(() => [ReportingPeriodModel], { description: 'Hạn gửi báo cáo các quý của một năm / the four quarters of a year' })
  async reportingPeriods(@Args('year', { type: () => Int }) year: number): Promise<ReportingPeriodModel[]> {
    return Promise.all(quartersOf(parseCalendarPeriod(String(year), 'year')).map((q) => this.periodModel(q)));
  }

  private async periodModel(q: QuarterPeriod): Promise<ReportingPeriodModel> {
    const label = periodLabel(q);
    return {
      period: q.code,
      dueDate: await this.periods.dueDate(q),
      label: label.vi,
      labelEn: label.en,
      defaultDueDate: defaultDueDate(q),
    };
  }

  @Allow(Permission.ManageBriefings)
  @Mutation(() => ReportingPeriodModel, {
    description: 'Đặt hạn gửi báo cáo của một quý (Văn phòng HĐND thành phố) / set a quarter’s deadline',
  })
  async setReportingDeadline(
    @Ctx() ctx: RequestContext,
    @Args('period') period: string,
    @Args('dueDate', { type: () => DateScalar }) dueDate: string,
  ): Promise<ReportingPeriodModel> {
    await this.deadlines.setDeadline(ctx, period, dueDate);
    return this.reportingPeriod(period);
  }

  @Allow(Permission.ReadAudit)
  @ListSize(({ args }) => (args.limit as number | undefined) ?? AUDIT_DEFAULT_LIMIT, 'limit')
  @Query(() => [AuditEntryModel], { description: 'Nhật ký thay đổi báo cáo, mới nhất trước / the audit trail, newest first' })
  async auditLog(
    @Ctx() ctx: RequestContext,
    @Args('unitCode', { nullable: true }) unitCode?: string,
    @Args('period', { nullable: true }) period?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<AuditEntryModel[]> {
    return this.audit.list(ctx, { unitCode, period, limit });
  }

  @Allow(Permission.ReadReports)
  @ResolveField(() => CouncilUnitModel)
  async unit(@Parent() report: QuarterlyReportModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return this.units.unitModel(context, report.unitCode, report.unitDate);
  }

  @Allow(Permission.ReadReports)
  @ListSize(LIST_SIZES.versions)
  @ResolveField(() => [ReportVersionModel], { description: 'Mọi lần gửi, cũ nhất trước / every submission, oldest first' })
  async versions(
    @Ctx() ctx: RequestContext,
    @Parent() report: QuarterlyReportModel,
    @Context() context: GraphQLContext,
  ): Promise<ReportVersionModel[]> {
    const loader = requestLoader(
      context,
      'reporting.versions',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const byReport = await this.reporting.versions(ctx, ids);
          return ids.map((id) => byReport.get(id) ?? []);
        }),
    );
    const catalogue = await this.metrics.byCode();
    return (await loader.load(report.id)).map((v) => ReportVersionModel.from(v, catalogue));
  }
}
