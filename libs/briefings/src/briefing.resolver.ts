import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { Allow, resolveSubscriptionEvent } from '@council/server';
import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';

import { BriefingLiveService, type SummaryPush } from './briefing-live.service.js';
import { BriefingsService } from './briefings.service.js';
import { BriefingSummaryModel } from './models/briefing-summary.model.js';

@Resolver(() => BriefingSummaryModel)
export class BriefingResolver {
  constructor(
    private readonly briefings: BriefingsService,
    private readonly live: BriefingLiveService,
  ) {}

  @Allow(Permission.ReadSummaries)
  @Query(() => BriefingSummaryModel, { description: 'Số liệu giao ban của một kỳ / the briefing summary of a period (quarter or year)' })
  async briefingSummary(@Ctx() ctx: RequestContext, @Args('period') period: string): Promise<BriefingSummaryModel> {
    const { hostCode, period: p } = await this.briefings.hostOf(ctx, period);
    return this.live.summary(hostCode, p.code);
  }

  @Allow(Permission.ReadSummaries)
  @Subscription(() => BriefingSummaryModel, {
    resolve: resolveSubscriptionEvent<BriefingSummaryModel>('briefingSummaryUpdated'),
    description:
      'Màn hình giao ban: số liệu hiện tại, rồi số liệu mới sau mỗi thay đổi (báo cáo gửi, sửa, trả lại; chỉ đạo; hội nghị) / ' +
      'the current summary at once, then a new one within a second of every change that touches it',
  })
  async briefingSummaryUpdated(@Ctx() ctx: RequestContext, @Args('period') period: string): Promise<AsyncIterableIterator<SummaryPush>> {
    const { hostCode, period: p } = await this.briefings.hostOf(ctx, period);
    return this.live.subscribe(hostCode, p.code);
  }
}
