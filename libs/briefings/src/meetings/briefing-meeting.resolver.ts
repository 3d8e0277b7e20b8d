import { Ctx, type RequestContext } from '@council/auth';
import { LIST_SIZES, Permission } from '@council/core';
import { type DirectiveEntity, DirectiveModel } from '@council/directives';
import { CouncilUnitModel, HierarchyLoaders } from '@council/hierarchy';
import { Allow, type GraphQLContext, groupedLoader, ListSize, oncePerParent, requestLoader } from '@council/server';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';

import { AttendanceStatus } from './attendance-status.js';
import { AgendaItemInput, CreateBriefingMeetingInput } from './dto/briefing-meeting.input.js';
import type { BriefingMeetingEntity } from './meeting.entities.js';
import { MeetingsService, unitsAsOfPeriod } from './meetings.service.js';
import {
  AgendaItemModel,
  AttendanceCountModel,
  BriefingConclusionModel,
  BriefingMeetingModel,
  ConnectionPointModel,
} from './models/briefing-meeting.model.js';

export function toMeetingModel(m: BriefingMeetingEntity): BriefingMeetingModel {
  return BriefingMeetingModel.from(m, unitsAsOfPeriod(m.period));
}

export function toDirectiveModel(d: DirectiveEntity): DirectiveModel {
  return Object.assign(new DirectiveModel(), d);
}

/** Directives per meeting; a meeting's and its conclusions' `directives` share one query. */
function meetingDirectives(context: GraphQLContext, meetings: MeetingsService): DataLoader<string, DirectiveEntity[]> {
  return groupedLoader(
    context,
    'meetings.directives',
    (ids) => meetings.directivesOf(ids),
    (d) => d.briefingMeetingId,
  );
}

/** Many meetings' rows of one kind in one query per request (a list of meetings shows each one's points, agenda…). */
function byMeeting<T extends { meetingId: string }>(
  context: GraphQLContext,
  key: string,
  load: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T[]> {
  return groupedLoader(context, `meetings.${key}`, load, (r) => r.meetingId);
}

/** city-api: briefing meetings, their connection points and attendance, agenda and conclusions. */
@Resolver(() => BriefingMeetingModel)
export class BriefingMeetingResolver {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly units: HierarchyLoaders,
  ) {}

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ListSize(LIST_SIZES.meetings, 'hostUnitCode', 'period')
  @Query(() => [BriefingMeetingModel], {
    description: 'Các hội nghị giao ban, mới nhất trước / briefing meetings, newest first (a year also lists its quarters’ meetings)',
  })
  async briefingMeetings(
    @Ctx() ctx: RequestContext,
    @Args('period', { type: () => String, nullable: true }) period?: string | null,
    @Args('hostUnitCode', { type: () => String, nullable: true }) hostUnitCode?: string | null,
  ): Promise<BriefingMeetingModel[]> {
    return (await this.meetings.list(ctx, { period, hostUnitCode })).map(toMeetingModel);
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @Query(() => BriefingMeetingModel, { nullable: true })
  async briefingMeeting(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<BriefingMeetingModel | null> {
    const m = await this.meetings.get(ctx, id);
    return m ? toMeetingModel(m) : null;
  }

  @Allow(Permission.ManageBriefings, Permission.HostBriefings)
  @Mutation(() => BriefingMeetingModel, {
    description:
      'Tạo hội nghị giao ban, mỗi đơn vị tham dự một điểm cầu / create a briefing meeting, one connection point per participating unit (host: default the caller’s unit)',
  })
  async createBriefingMeeting(@Ctx() ctx: RequestContext, @Args('input') input: CreateBriefingMeetingInput): Promise<BriefingMeetingModel> {
    return toMeetingModel(await this.meetings.create(ctx, input));
  }

  @Allow(Permission.ManageBriefings, Permission.HostBriefings)
  @Mutation(() => BriefingMeetingModel, {
    description:
      'Đánh dấu hội nghị đã họp: chốt số liệu đã trình bày; hội nghị của thành phố cho một quý thì khoá sổ quý đó / mark a meeting held: its figures are frozen as presented, and the city’s meeting for a quarter closes that quarter',
  })
  async markBriefingMeetingHeld(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('closeQuarter', {
      type: () => Boolean,
      defaultValue: true,
      description:
        'Hội nghị của thành phố cho một quý: khoá sổ quý đó (mặc định có) / the city’s meeting of a quarter: close that quarter (by default, yes)',
    })
    closeQuarter: boolean,
  ): Promise<BriefingMeetingModel> {
    return toMeetingModel(await this.meetings.markHeld(ctx, id, { closeQuarter }));
  }

  @Allow(Permission.ManageBriefings, Permission.HostBriefings)
  @Mutation(() => ConnectionPointModel, {
    description:
      'Điểm danh một điểm cầu / record a connection point’s attendance (replaces status, attendees and note; the location stays unless given)',
  })
  async recordAttendance(
    @Ctx() ctx: RequestContext,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('unitCode') unitCode: string,
    @Args('status', { type: () => AttendanceStatus }) status: AttendanceStatus,
    @Args('attendees', { type: () => Int, nullable: true }) attendees?: number | null,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
    @Args('location', { type: () => String, nullable: true, description: 'Địa điểm điểm cầu / where the connection point is' })
    location?: string | null,
  ): Promise<ConnectionPointModel> {
    const { meeting, point } = await this.meetings.recordAttendance(ctx, { meetingId, unitCode, status, attendees, note, location });
    return ConnectionPointModel.from(point, unitsAsOfPeriod(meeting.period));
  }

  @Allow(Permission.ManageBriefings, Permission.HostBriefings)
  @Mutation(() => AgendaItemModel, { description: 'Thêm nội dung vào cuối chương trình / add an item at the end of the agenda' })
  async addAgendaItem(
    @Ctx() ctx: RequestContext,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('input') input: AgendaItemInput,
  ): Promise<AgendaItemModel> {
    const { meeting, item } = await this.meetings.addAgendaItem(ctx, meetingId, input);
    return AgendaItemModel.from(item, unitsAsOfPeriod(meeting.period));
  }

  @Allow(Permission.ManageBriefings, Permission.HostBriefings)
  @Mutation(() => BriefingConclusionModel, {
    description:
      'Thêm kết luận (ban hành thành chỉ đạo qua issueDirective) / add a conclusion (issue it as a directive with issueDirective)',
  })
  async addConclusion(
    @Ctx() ctx: RequestContext,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('text') text: string,
  ): Promise<BriefingConclusionModel> {
    return BriefingConclusionModel.from(await this.meetings.addConclusion(ctx, meetingId, text));
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => CouncilUnitModel, { description: 'Đơn vị chủ trì / the host' })
  async host(@Parent() m: BriefingMeetingModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return this.units.unitModel(context, m.hostUnitCode, m.unitsAsOf);
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ListSize(LIST_SIZES.children)
  @ResolveField(() => [ConnectionPointModel], { description: 'Các điểm cầu, theo mã đơn vị / the connection points, by unit code' })
  async connectionPoints(@Parent() m: BriefingMeetingModel, @Context() context: GraphQLContext): Promise<ConnectionPointModel[]> {
    return oncePerParent(m, 'connectionPoints', async () => {
      const rows = await byMeeting(context, 'points', (ids) => this.meetings.connectionPoints(ids)).load(m.id);
      return rows.map((p) => ConnectionPointModel.from(p, m.unitsAsOf));
    });
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => AttendanceCountModel)
  async attendance(@Parent() m: BriefingMeetingModel, @Context() context: GraphQLContext): Promise<AttendanceCountModel> {
    const loader = requestLoader(
      context,
      'meetings.attendance',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const counts = await this.meetings.attendance(ids);
          return ids.map((id) => counts.get(id)!);
        }),
    );
    return oncePerParent(m, 'attendance', async () => {
      const c = await loader.load(m.id);
      return { expected: c.EXPECTED, present: c.PRESENT, absent: c.ABSENT };
    });
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ListSize(LIST_SIZES.meetingItems)
  @ResolveField(() => [AgendaItemModel])
  async agenda(@Parent() m: BriefingMeetingModel, @Context() context: GraphQLContext): Promise<AgendaItemModel[]> {
    return oncePerParent(m, 'agenda', async () => {
      const rows = await byMeeting(context, 'agenda', (ids) => this.meetings.agenda(ids)).load(m.id);
      return rows.map((a) => AgendaItemModel.from(a, m.unitsAsOf));
    });
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ListSize(LIST_SIZES.meetingItems)
  @ResolveField(() => [BriefingConclusionModel])
  async conclusions(@Parent() m: BriefingMeetingModel, @Context() context: GraphQLContext): Promise<BriefingConclusionModel[]> {
    return oncePerParent(m, 'conclusions', async () => {
      const rows = await byMeeting(context, 'conclusions', (ids) => this.meetings.conclusions(ids)).load(m.id);
      return rows.map((c) => BriefingConclusionModel.from(c));
    });
  }

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ListSize(LIST_SIZES.meetingItems)
  @ResolveField(() => [DirectiveModel], { description: 'Các chỉ đạo ban hành theo hội nghị / directives issued with this meeting' })
  async directives(@Parent() m: BriefingMeetingModel, @Context() context: GraphQLContext): Promise<DirectiveModel[]> {
    return oncePerParent(m, 'directives', async () => (await meetingDirectives(context, this.meetings).load(m.id)).map(toDirectiveModel));
  }
}

@Resolver(() => ConnectionPointModel)
export class ConnectionPointResolver {
  constructor(private readonly units: HierarchyLoaders) {}

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => CouncilUnitModel)
  async unit(@Parent() p: ConnectionPointModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return oncePerParent(p, 'unit', () => this.units.unitModel(context, p.unitCode, p.unitsAsOf));
  }
}

@Resolver(() => AgendaItemModel)
export class AgendaItemResolver {
  constructor(private readonly units: HierarchyLoaders) {}

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ResolveField(() => CouncilUnitModel, { nullable: true, description: 'Đơn vị trình bày / the presenting unit' })
  async presenter(@Parent() a: AgendaItemModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel | null> {
    const code = a.presenterUnitCode;
    return code ? oncePerParent(a, 'presenter', () => this.units.unitModel(context, code, a.unitsAsOf)) : null;
  }
}

@Resolver(() => BriefingConclusionModel)
export class BriefingConclusionResolver {
  constructor(private readonly meetings: MeetingsService) {}

  @Allow(Permission.ReadSummaries, Permission.ManageBriefings, Permission.HostBriefings)
  @ListSize(LIST_SIZES.meetingItems)
  @ResolveField(() => [DirectiveModel], { description: 'Các chỉ đạo ban hành từ kết luận này / directives issued from this conclusion' })
  async directives(@Parent() c: BriefingConclusionModel, @Context() context: GraphQLContext): Promise<DirectiveModel[]> {
    return oncePerParent(c, 'directives', async () =>
      (await meetingDirectives(context, this.meetings).load(c.meetingId))
        .filter((d) => d.briefingConclusionId === c.id)
        .map(toDirectiveModel),
    );
  }
}
