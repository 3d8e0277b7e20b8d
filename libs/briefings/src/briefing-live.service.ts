import { type AppConfig, nextQuarter, parseQuarter, SerialRunner } from '@council/core';
import { type LiveChange, liveChannel, publishLive } from '@council/messaging';
import { MetricsService } from '@council/metrics';
import { APP_CONFIG, HealthRegistry, openSubscriber, REDIS, runWithRequestId } from '@council/server';
import { type FiguresChanged, figuresChannel } from '@council/statistics';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { toSummaryModel } from './briefing-summary.mapper.js';
import { BriefingsService } from './briefings.service.js';
import { LatestValueChannel } from './latest-value-channel.js';
import type { BriefingSummaryModel } from './models/briefing-summary.model.js';

/** What a subscription yields: graphql-js resolves the root field from this payload. */
export interface SummaryPush {
  briefingSummaryUpdated: BriefingSummaryModel;
}

/** A cached summary is trusted this long without a message; the bound if a publish was ever lost. */
const MAX_AGE_MS = 5_000;
/** A summary queried this recently is recomputed as soon as it changes, so the next poll finds it ready. */
const POLLED_WITHIN_MS = 30_000;

interface CacheEntry {
  value: Promise<BriefingSummaryModel>;
  at: number;
}

const keyOf = (hostCode: string, period: string) => `${hostCode}|${period}`;
const parseKey = (key: string) => {
  const [hostCode, period] = key.split('|');
  return { hostCode, period };
};

/**
 * Live briefing screens. Every replica of city-api listens on Redis for
 * changed figures (the compactor's `figures-changed`), directive progress and
 * meetings (`live`); for each (host, period) that screens watch it computes the
 * summary once and pushes it to all of them. The same cache answers the
 * `briefingSummary` query, so 30 screens polling cost one computation per change.
 */
@Injectable()
export class BriefingLiveService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('BriefingLive');
  private subscriber?: Redis;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly screens = new Map<string, Set<LatestValueChannel<SummaryPush>>>();
  private readonly refreshing = new Map<string, SerialRunner>();
  /** When each summary was last asked for by a query: pollers get the same eager refresh as screens. */
  private readonly lastRead = new Map<string, number>();
  readonly stats = { messages: 0, pushes: 0, computations: 0 };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly briefings: BriefingsService,
    private readonly metrics: MetricsService,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const figures = figuresChannel(this.config.queuePrefix);
    const live = liveChannel(this.config.queuePrefix);
    this.subscriber = await openSubscriber(this.redis, {
      channels: [figures, live],
      onMessage: (channel, raw) => this.onMessage(channel === figures ? 'figures' : 'live', raw),
      // Messages sent while the link was down are gone: after a reconnection, refresh everything shown.
      onReady: (first) => {
        if (!first) this.invalidate(() => true);
      },
      onError: (e) => this.log.warn(`Redis subscriber: ${e.message}`),
    });
    this.health.register('briefingScreens', async () => ({
      subscriber: this.subscriber?.status,
      screens: [...this.screens.values()].reduce((a, s) => a + s.size, 0),
      watched: [...this.screens.keys()],
      ...this.stats,
    }));
  }

  /** The summary of `hostCode`'s briefing for `period` (already validated), from the cache when nothing changed since. */
  summary(hostCode: string, period: string): Promise<BriefingSummaryModel> {
    const key = keyOf(hostCode, period);
    this.lastRead.set(key, Date.now());
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.value;
    return this.computeInto(key);
  }

  /** A screen: the current summary at once, then a new one after every change that touches it. */
  subscribe(hostCode: string, period: string): AsyncIterableIterator<SummaryPush> {
    const key = keyOf(hostCode, period);
    let set = this.screens.get(key);
    if (!set) this.screens.set(key, (set = new Set()));
    const screens = set;
    const channel = new LatestValueChannel<SummaryPush>(() => {
      screens.delete(channel);
      if (screens.size === 0 && this.screens.get(key) === screens) this.screens.delete(key);
    });
    screens.add(channel);
    this.summary(hostCode, period).then(
      (s) => channel.push({ briefingSummaryUpdated: s }),
      (e: Error) => this.log.warn(`first summary for ${key}: ${e.message}`),
    );
    return channel;
  }

  /** A meeting of `hostCode` for `period` changed (attendance, agenda, conclusions): screens showing it refresh. */
  async publishMeetingChanged(hostCode: string, period: string): Promise<void> {
    await publishLive(this.redis, this.config.queuePrefix, { kind: 'meeting', hostCode, period, at: new Date().toISOString() });
  }

  private onMessage(kind: 'figures' | 'live', raw: string): void {
    this.stats.messages++;
    try {
      if (kind === 'figures') {
        const change = JSON.parse(raw) as FiguresChanged;
        const affected = affectedBy(change.period);
        const refreshed = this.invalidate((_host, period) => affected.has(period));
        this.traceFigures(change, refreshed);
        return;
      }
      const change = JSON.parse(raw) as LiveChange;
      if (change.kind === 'directives') this.invalidate(() => true);
      // A meeting also shows in later periods' summaries, as their "previous briefing".
      else if (change.kind === 'meeting') this.invalidate((host) => host === change.hostCode);
    } catch (e) {
      this.log.warn(`unreadable ${kind} message ${raw.slice(0, 200)}: ${(e as Error).message}`);
    }
  }

  /**
   * This process's part in each request that changed the figures, logged under that request's id (the last hop of a
   * report's trace: district-api, the sync worker, then here). Debug when no screen or poller needed a new summary.
   */
  private traceFigures(change: FiguresChanged, refreshed: number): void {
    const line = {
      msg: `figures of ${change.period} changed: ${refreshed} briefing summary(ies) recomputed`,
      period: change.period,
      refreshed,
    };
    for (const requestId of change.requestIds ?? []) {
      runWithRequestId(requestId, () => (refreshed > 0 ? this.log.log(line) : this.log.debug(line)));
    }
  }

  /**
   * Drops the cached summaries that match, and recomputes those that screens show (pushing them) or pollers read.
   * Answers how many it recomputes.
   */
  private invalidate(matches: (hostCode: string, period: string) => boolean): number {
    for (const key of [...this.cache.keys()]) {
      const { hostCode, period } = parseKey(key);
      if (matches(hostCode, period)) this.cache.delete(key);
    }
    const recently = Date.now() - POLLED_WITHIN_MS;
    for (const [key, at] of this.lastRead) if (at < recently) this.lastRead.delete(key);
    let refreshed = 0;
    for (const key of new Set([...this.screens.keys(), ...this.lastRead.keys()])) {
      const { hostCode, period } = parseKey(key);
      if (matches(hostCode, period)) {
        this.refresh(key);
        refreshed++;
      }
    }
    return refreshed;
  }

  /** One computation at a time per key; a change arriving meanwhile triggers exactly one more. */
  private refresh(key: string): void {
    let runner = this.refreshing.get(key);
    if (!runner) {
      runner = new SerialRunner(
        async () => {
          const summary = await this.computeInto(key);
          for (const screen of this.screens.get(key) ?? []) screen.push({ briefingSummaryUpdated: summary });
          this.stats.pushes++;
        },
        (e) => this.log.warn(`summary for ${key}: ${(e as Error).message}`),
        () => this.refreshing.delete(key),
      );
      this.refreshing.set(key, runner);
    }
    runner.trigger();
  }

  private computeInto(key: string): Promise<BriefingSummaryModel> {
    const { hostCode, period } = parseKey(key);
    this.stats.computations++;
    const entry: CacheEntry = {
      at: Date.now(),
      value: Promise.all([this.briefings.compute(hostCode, period), this.metrics.list()]).then(([data, catalogue]) =>
        toSummaryModel(data, catalogue),
      ),
    };
    this.cache.set(key, entry);
    // A failed computation is not cached; an invalidation meanwhile has already removed this entry.
    entry.value.catch(() => this.cache.get(key) === entry && this.cache.delete(key));
    return entry.value;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const set of this.screens.values()) for (const screen of [...set]) screen.close();
    // disconnect, not quit: quit waits for a reply and, if Redis is unreachable right then, leaves the client reconnecting forever.
    this.subscriber?.disconnect();
  }
}

/** The periods whose summaries a quarter's figures touch: itself, its year, and the quarter and year that compare with them. */
function affectedBy(quarter: string): Set<string> {
  const q = parseQuarter(quarter);
  return new Set([q.code, String(q.year), nextQuarter(q).code, String(q.year + 1)]);
}
