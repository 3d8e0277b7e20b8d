import { compareFigures, Permission } from '@council/core';
import { MetricsService } from '@council/metrics';
import { Allow, oncePerParent } from '@council/server';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { BriefingSummaryModel } from '../models/briefing-summary.model.js';
import { toDirectiveModel, toMeetingModel } from './briefing-meeting.resolver.js';
import { figureTableOf, MeetingsService } from './meetings.service.js';
import { BriefingMeetingModel, PreviousBriefingModel } from './models/briefing-meeting.model.js';
import { PresentedFiguresModel } from './models/presented-figures.model.js';

/**
 * The meetings on the briefing screen: this period's meeting of the summary's
 * host, and the last earlier one with what its directives achieved. Whoever may
 * read a host's summary may read its meetings (the summary, query or
 * subscription, has checked the host); the fields still declare who may, as
 * every field does.
 */
@Resolver(() => BriefingSummaryModel)
export class BriefingSummaryMeetingsResolver {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly metrics: MetricsService,
  ) {}

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => PresentedFiguresModel, {
    nullable: true,
    description:
      'Số liệu tại hội nghị (hội nghị đã họp gần nhất của kỳ) so với số liệu hiện nay / the latest held meeting’s frozen figures beside these',
  })
  presented(@Parent() summary: BriefingSummaryModel): Promise<PresentedFiguresModel | null> {
    return oncePerParent(summary, 'presented', async () => {
      const found = await this.meetings.presentedFor(summary.hostCode, summary.period);
      if (!found) return null;
      const comparison = compareFigures(found.figures.figures, figureTableOf(summary));
      return {
        meeting: toMeetingModel(found.meeting),
        computedAt: found.figures.computedAt,
        frozenAt: found.figures.frozenAt,
        changed: comparison.changed,
        levels: PresentedFiguresModel.cellsOf(comparison, await this.metrics.byCode()),
      };
    });
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => BriefingMeetingModel, {
    nullable: true,
    description: 'Hội nghị giao ban kỳ này (mới nhất) / the host’s latest meeting for this period',
  })
  meeting(@Parent() summary: BriefingSummaryModel): Promise<BriefingMeetingModel | null> {
    // One summary object goes to every screen watching it: its meetings are read once, not once per screen.
    return oncePerParent(summary, 'meeting', async () => {
      const m = await this.meetings.latestFor(summary.hostCode, summary.period);
      return m ? toMeetingModel(m) : null;
    });
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => PreviousBriefingModel, {
    nullable: true,
    description:
      'Hội nghị giao ban gần nhất của kỳ trước và kết quả thực hiện kết luận / the host’s last meeting of an earlier period and what its directives achieved',
  })
  previousBriefing(@Parent() summary: BriefingSummaryModel): Promise<PreviousBriefingModel | null> {
    return oncePerParent(summary, 'previousBriefing', async () => {
      const data = await this.meetings.previousBriefing(summary.hostCode, summary.period);
      if (!data) return null;
      return { ...data, meeting: toMeetingModel(data.meeting), directives: data.directives.map(toDirectiveModel) };
    });
  }
}
