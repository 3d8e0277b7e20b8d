import type { RequestContext } from '@council/auth';
import { LatestValueChannel } from '@council/briefings';
import type { AppConfig } from '@council/core';
import { APP_CONFIG, HealthRegistry, openSubscriber, REDIS } from '@council/server';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { NotificationBadgeModel, NotificationModel } from './models/notification.model.js';
import { NotificationsService } from './notifications.service.js';
import { type NotificationsChanged, notificationsChannel } from './notifications.tokens.js';

/** What the subscription yields: graphql-js resolves the root field from this payload. */
export interface BadgePush {
  notificationBadge: NotificationBadgeModel;
}

interface Watcher {
  ctx: RequestContext;
  channel: LatestValueChannel<BadgePush>;
}

/**
 * Live bells. Every city-api replica listens on Redis for the users whose notifications changed (a notification
 * written by the worker, some marked read on another replica) and pushes each of their open bells its new count.
 * A bell that falls behind skips to the newest count.
 */
@Injectable()
export class NotificationsLiveService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('NotificationsLive');
  private subscriber?: Redis;
  private readonly bells = new Map<string, Set<Watcher>>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const channel = notificationsChannel(this.config.queuePrefix);
    this.subscriber = await openSubscriber(this.redis, {
      channels: [channel],
      onMessage: (_channel, raw) => this.onMessage(raw),
      // Messages sent while the link was down are gone: after a reconnection, every open bell is refreshed.
      onReady: (first) => {
        if (!first) for (const userId of this.bells.keys()) this.refresh(userId);
      },
      onError: (e) => this.log.warn(`Redis subscriber: ${e.message}`),
    });
    this.health.register('notificationBells', async () => ({
      subscriber: this.subscriber?.status,
      bells: [...this.bells.values()].reduce((a, s) => a + s.size, 0),
    }));
  }

  /** The caller's bell: its badge at once, then after every change of their notifications. */
  subscribe(ctx: RequestContext): AsyncIterableIterator<BadgePush> {
    const userId = ctx.requireUser().id;
    let set = this.bells.get(userId);
    if (!set) this.bells.set(userId, (set = new Set()));
    const watchers = set;
    const watcher: Watcher = {
      ctx,
      channel: new LatestValueChannel<BadgePush>(() => {
        watchers.delete(watcher);
        if (watchers.size === 0 && this.bells.get(userId) === watchers) this.bells.delete(userId);
      }),
    };
    watchers.add(watcher);
    void this.push(watcher);
    return watcher.channel;
  }

  async badge(ctx: RequestContext): Promise<NotificationBadgeModel> {
    const [unread, latest] = await Promise.all([this.notifications.unreadCount(ctx), this.notifications.latest(ctx)]);
    return Object.assign(new NotificationBadgeModel(), { unread, latest: latest ? NotificationModel.from(latest) : null });
  }

  private onMessage(raw: string): void {
    try {
      for (const userId of (JSON.parse(raw) as NotificationsChanged).userIds) if (this.bells.has(userId)) this.refresh(userId);
    } catch (e) {
      this.log.warn(`unreadable message ${raw.slice(0, 200)}: ${(e as Error).message}`);
    }
  }

  private refresh(userId: string): void {
    for (const watcher of this.bells.get(userId) ?? []) void this.push(watcher);
  }

  private async push(watcher: Watcher): Promise<void> {
    try {
      watcher.channel.push({ notificationBadge: await this.badge(watcher.ctx) });
    } catch (e) {
      this.log.warn(`badge: ${(e as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    for (const set of this.bells.values()) for (const w of set) w.channel.close();
    this.subscriber?.disconnect();
  }
}
