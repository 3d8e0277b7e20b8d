import type { AppConfig } from '@council/core';
import { redisOptions } from '@council/server';
import type { ConnectionOptions } from 'bullmq';

/** BullMQ's connection options from REDIS_URL (workers need maxRetriesPerRequest: null). */
export function bullConnection(config: AppConfig): ConnectionOptions {
  const url = new URL(config.redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    ...redisOptions('blocking'),
  };
}
