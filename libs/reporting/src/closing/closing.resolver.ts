import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { Allow, type GraphQLContext, ListSize, requestLoader } from '@council/server';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';

import { QuarterlyReportModel } from '../models/quarterly-report.model.js';
import { ClosingService } from './closing.service.js';
import { QuarterClosureModel, ReopenRequestModel, ReportClosureModel } from './models/closing.models.js';

/** Requests of one report listed on it (each is a reason, a decision): more is a sign of a problem, not a list to page. */
const REQUESTS_PER_REPORT = 20;
/** Pending requests a reviewer sees at once. */
const PENDING_LIMIT = 500;

@Resolver()
export class ClosingResolver {
  constructor(private readonly closing: ClosingService) {}

  @Allow(Permission.ManageBriefings)
  @Mutation(() => QuarterClosureModel, {
    description:
      'Khoá sổ quý cho toàn thành phố (mặc định) hoặc một quận, huyện (Văn phòng HĐND thành phố) / close a quarter for the city or one district',
  })
  async closeQuarter(
    @Ctx() ctx: RequestContext,
    @Args('period') period: string,
    @Args('scopeCode', { nullable: true, description: 'mã quận, huyện; bỏ trống: toàn thành phố' }) scopeCode?: string,
  ): Promise<QuarterClosureModel> {
    return this.closing.close(ctx, period, scopeCode);
  }

  @Allow(Permission.ReadReports)
  @ListSize(PENDING_LIMIT)
  @Query(() => [QuarterClosureModel], { description: 'Các lần khoá sổ của một quý, mới nhất trước / a quarter’s closures, newest first' })
  async quarterClosures(@Ctx() ctx: RequestContext, @Args('period') period: string): Promise<QuarterClosureModel[]> {
    return this.closing.closures(ctx, period);
  }

  @Allow(Permission.WriteReports)
  @Mutation(() => ReopenRequestModel, {
    description: 'Đề nghị cấp trên mở lại báo cáo của quý đã khoá sổ, nêu lý do / ask the level above to reopen a closed quarter’s report',
  })
  async requestReopen(
    @Ctx() ctx: RequestContext,
    @Args('unitCode') unitCode: string,
    @Args('period') period: string,
    @Args('reason') reason: string,
  ): Promise<ReopenRequestModel> {
    return this.closing.request(ctx, unitCode, period, reason);
  }

  @Allow(Permission.ReviewReports)
  @Mutation(() => ReopenRequestModel, { description: 'Đồng ý mở lại báo cáo / grant a reopening (the level above)' })
  async grantReopen(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { nullable: true }) note?: string,
  ): Promise<ReopenRequestModel> {
    return this.closing.decide(ctx, id, true, note);
  }

  @Allow(Permission.ReviewReports)
  @Mutation(() => ReopenRequestModel, { description: 'Không đồng ý mở lại báo cáo / refuse a reopening (the level above)' })
  async refuseReopen(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { nullable: true }) note?: string,
  ): Promise<ReopenRequestModel> {
    return this.closing.decide(ctx, id, false, note);
  }

  @Allow(Permission.ReviewReports)
  @ListSize(PENDING_LIMIT)
  @Query(() => [ReopenRequestModel], {
    description: 'Đề nghị mở lại đang chờ người dùng quyết định / reopening requests waiting for the caller’s decision',
  })
  async pendingReopenRequests(
    @Ctx() ctx: RequestContext,
    @Args('period', { nullable: true }) period?: string,
  ): Promise<ReopenRequestModel[]> {
    return this.closing.pending(ctx, period);
  }
}

/** The closing fields of a report: its closed state and its reopening requests. */
@Resolver(() => QuarterlyReportModel)
export class ReportClosingFieldsResolver {
  constructor(private readonly closing: ClosingService) {}

  @Allow(Permission.ReadReports)
  @ResolveField(() => ReportClosureModel)
  async closure(@Parent() report: QuarterlyReportModel): Promise<ReportClosureModel> {
    const { closure, grant } = await this.closing.state(this.closing.manager, report);
    return { closed: !!closure, reopened: !!grant, writable: !closure || !!grant, closure };
  }

  @Allow(Permission.ReadReports)
  @ListSize(REQUESTS_PER_REPORT)
  @ResolveField(() => [ReopenRequestModel], { description: 'Đề nghị mở lại, mới nhất trước / reopening requests, newest first' })
  async reopenRequests(@Parent() report: QuarterlyReportModel, @Context() context: GraphQLContext): Promise<ReopenRequestModel[]> {
    const loader = requestLoader(
      context,
      'reporting.reopenRequests',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const byReport = await this.closing.requestsOf(ids);
          return ids.map((id) => (byReport.get(id) ?? []).slice(0, REQUESTS_PER_REPORT));
        }),
    );
    return loader.load(report.id);
  }
}
