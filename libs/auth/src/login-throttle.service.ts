import { type AppConfig, RateLimitedError } from '@council/core';
import { APP_CONFIG, REDIS } from '@council/server';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Failed sign-ins counted in Redis (so every replica sees the same count), per
 * user name and per client address. Past the limit, sign-in is refused for the
 * rest of the window, even with the right password.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(username: string, ip: string | undefined): string[] {
    const base = `${this.config.queuePrefix}:login-fail`;
    return [`${base}:user:${username}`, ...(ip ? [`${base}:ip:${ip}`] : [])];
  }

  /** Per address the limit is higher: one office's staff share an address. */
  private limitFor(key: string): number {
    return key.includes(':ip:') ? this.config.login.maxFailures * 10 : this.config.login.maxFailures;
  }

  async assertAllowed(username: string, ip: string | undefined): Promise<void> {
    const keys = this.keys(username, ip);
    const counts = await this.redis.mget(...keys);
    for (let i = 0; i < keys.length; i++) {
      if (Number(counts[i] ?? 0) >= this.limitFor(keys[i])) {
        const ttl = await this.redis.ttl(keys[i]);
        throw new RateLimitedError(ttl > 0 ? ttl : this.config.login.windowSeconds);
      }
    }
  }

  async recordFailure(username: string, ip: string | undefined): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys(username, ip)) multi.incr(key).expire(key, this.config.login.windowSeconds, 'NX');
    await multi.exec();
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.keys(username, undefined)[0]);
  }
}
