import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Changes live screens care about besides the figures (those go on the
 * statistics' `figures-changed` channel): directive progress and meetings.
 * Published on Redis so that every city-api replica hears them.
 */
export type LiveChange = { kind: 'directives'; at: string } | { kind: 'meeting'; hostCode: string; period: string; at: string };

export function liveChannel(queuePrefix: string): string {
  return `${queuePrefix}:live`;
}

const log = new Logger('LiveUpdates');

/**
 * Every message to live screens goes out through here. Live screens are a convenience: a lost publish must not
 * fail or repeat the change that caused it, so a failure is logged and swallowed.
 */
export async function publishToScreens(redis: Redis, channel: string, message: object, what: string): Promise<void> {
  await redis.publish(channel, JSON.stringify(message)).catch((e: Error) => log.warn(`publish ${what}: ${e.message}`));
}

export function publishLive(redis: Redis, queuePrefix: string, change: LiveChange): Promise<void> {
  return publishToScreens(redis, liveChannel(queuePrefix), change, change.kind);
}
