import type { AppConfig } from '@council/core';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import { APP_CONFIG } from './app-config.module.js';

/** Injection token for the process's shared command connection to Redis. */
export const REDIS = Symbol('REDIS');

/**
 * Redis options every connection uses. `maxRetriesPerRequest: null` is what
 * BullMQ workers need; command clients get `enableOfflineQueue: false` so a
 * missing Redis fails a request quickly instead of queueing it in memory.
 * A refused connection fails at once whatever the timeout; the 10 s only
 * spares a start on a saturated machine (3 s was missed at a load of 23 on 2 cores).
 */
export function redisOptions(kind: 'command' | 'blocking') {
  return kind === 'blocking'
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: true, connectTimeout: 10_000 };
}

export interface SubscriberOptions {
  channels: string[];
  onMessage: (channel: string, raw: string) => void;
  /** After each (re)connection: messages sent while the link was down are gone, so what they would have changed is redone. */
  onReady?: (first: boolean) => void;
  onError: (e: Error) => void;
  connectionName?: string;
}

/**
 * A connection of its own subscribed to `channels` (a subscribed connection can do nothing else). Start-up fails when
 * it cannot subscribe (the preflight says why), and the connection is dropped rather than left retrying past the app.
 */
export async function openSubscriber(redis: Redis, options: SubscriberOptions): Promise<Redis> {
  const subscriber = redis.duplicate({ lazyConnect: true, ...(options.connectionName ? { connectionName: options.connectionName } : {}) });
  subscriber.on('message', options.onMessage);
  let first = true;
  subscriber.on('ready', () => {
    options.onReady?.(first);
    first = false;
  });
  subscriber.on('error', options.onError);
  try {
    await subscriber.connect();
    await subscriber.subscribe(...options.channels);
  } catch (e) {
    subscriber.disconnect();
    throw e;
  }
  return subscriber;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const client = new Redis(config.redisUrl, { ...redisOptions('command'), connectionName: 'council-command' });
        await client.connect();
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
