import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { Allow, ListSize, resolveSubscriptionEvent } from '@council/server';
import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';

import {
  NotificationBadgeModel,
  NotificationModel,
  NotificationPageModel,
  NotificationPreferenceInput,
  NotificationPreferenceModel,
} from './models/notification.model.js';
import { MAX_PAGE, NotificationsService } from './notifications.service.js';
import { type BadgePush, NotificationsLiveService } from './notifications-live.service.js';

/** The signed-in user's own notification centre: every field reads or changes the caller's rows only. */
@Resolver(() => NotificationModel)
export class NotificationResolver {
  constructor(
    private readonly centre: NotificationsService,
    private readonly live: NotificationsLiveService,
  ) {}

  @Allow(Permission.Authenticated)
  @Query(() => NotificationPageModel, { description: 'Thông báo của tôi, mới nhất trước / my notifications, newest first' })
  async notifications(
    @Ctx() ctx: RequestContext,
    @Args('unreadOnly', { nullable: true }) unreadOnly?: boolean,
    @Args('first', { type: () => Int, nullable: true, description: `1–${MAX_PAGE}, 20 by default` }) first?: number,
    @Args('after', { nullable: true, description: 'endCursor of the previous page' }) after?: string,
  ): Promise<NotificationPageModel> {
    const page = await this.centre.list(ctx, { unreadOnly, first, after });
    return { ...page, items: page.items.map((n) => NotificationModel.from(n)) };
  }

  @Allow(Permission.Authenticated)
  @Query(() => Int, { description: 'Số thông báo chưa đọc / my unread notifications' })
  unreadNotificationCount(@Ctx() ctx: RequestContext): Promise<number> {
    return this.centre.unreadCount(ctx);
  }

  @Allow(Permission.Authenticated)
  @Mutation(() => Int, { description: 'Đánh dấu đã đọc / marks my notifications read (the given ones, or all); answers how many changed' })
  markNotificationsRead(
    @Ctx() ctx: RequestContext,
    @Args('ids', { type: () => [ID], nullable: true }) ids?: string[],
    @Args('all', { nullable: true }) all?: boolean,
  ): Promise<number> {
    return this.centre.markRead(ctx, ids, all);
  }

  @Allow(Permission.Authenticated)
  @ListSize(10)
  @Query(() => [NotificationPreferenceModel], { description: 'Loại thông báo tôi nhận và kênh / my choice of kinds per channel' })
  async notificationPreferences(@Ctx() ctx: RequestContext): Promise<NotificationPreferenceModel[]> {
    return (await this.centre.preferences(ctx)).map((p) => NotificationPreferenceModel.from(p));
  }

  @Allow(Permission.Authenticated)
  @ListSize(10)
  @Mutation(() => [NotificationPreferenceModel], {
    description: 'Bật, tắt loại thông báo theo kênh / turns kinds on or off per channel (IN_APP, EMAIL)',
  })
  async setNotificationPreferences(
    @Ctx() ctx: RequestContext,
    @Args('preferences', { type: () => [NotificationPreferenceInput] }) preferences: NotificationPreferenceInput[],
  ): Promise<NotificationPreferenceModel[]> {
    return (await this.centre.setPreferences(ctx, preferences)).map((p) => NotificationPreferenceModel.from(p));
  }

  @Allow(Permission.Authenticated)
  @Subscription(() => NotificationBadgeModel, {
    resolve: resolveSubscriptionEvent<NotificationBadgeModel>('notificationBadge'),
    description: 'Chuông thông báo: số chưa đọc ngay, rồi sau mỗi thay đổi / my unread count at once, then after every change',
  })
  notificationBadge(@Ctx() ctx: RequestContext): AsyncIterableIterator<BadgePush> {
    return this.live.subscribe(ctx);
  }
}
