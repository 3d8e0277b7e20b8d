import { Redis } from 'ioredis';

import { assertTestEnvironment } from './env.js';

/**
 * A queue prefix of this test file's own (the run's prefix plus a suffix), set in QUEUE_PREFIX for the apps it
 * starts in-process; `restore()` puts the run's back and deletes every key under the file's own, so no other file
 * sees its jobs (dead letters, say).
 */
export function ownQueuePrefix(suffix: string): { prefix: string; restore(): Promise<void> } {
  const env = assertTestEnvironment();
  const previous = process.env.QUEUE_PREFIX;
  const prefix = `${env.queuePrefix}-${suffix}`;
  process.env.QUEUE_PREFIX = prefix;
  return {
    prefix,
    async restore() {
      process.env.QUEUE_PREFIX = previous;
      const redis = new Redis(env.redisUrl);
      try {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}
