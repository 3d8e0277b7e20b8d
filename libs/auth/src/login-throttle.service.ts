import { type AppConfig, RateLimitedError } from '@council/core';
import { APP_CONFIG, MetricsRegistry, REDIS } from '@council/server';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Counter as PromCounter } from 'prom-client';

import { SignInAlerts } from './sign-in-alerts.js';

/** How much each counter allows before delays start, in units of LOGIN_MAX_FAILURES. */
const PER_ADDRESS_FACTOR = 10; // one office's staff share an address
const ACCOUNT_FACTOR = 20; // guesses at one account from everywhere: only a real attack gets there

interface Counter {
  /** Failures in the window; past `limit`, each further one doubles the wait. */
  key: string;
  /** While this key lives, sign-in is refused; its TTL is the wait. */
  until: string;
  limit: number;
}

/**
 * Failed sign-ins counted in Redis (so every replica sees the same), so that the guesser pays, not the owner:
 *   - per user name and address: past LOGIN_MAX_FAILURES, every further failure doubles the wait (1 s, 2 s, 4 s…,
 *     at most the window) before that address may try that name again;
 *   - per address, the same at ten times the limit (an office shares one address);
 *   - per account, from everywhere, only at twenty times the limit: then the account itself waits, and administrators
 *     are told once per lock (the failure that reaches the limit, which one INCR sees): a line in the log,
 *     `council_sign_in_account_locks_total` on /metrics (Prometheus' alert `SignInAccountLocked`, docker/prometheus),
 *     and the listeners of SignInAlerts (an entry `ACCOUNT_LOCKED` in the audit log).
 * So the hall's `viewer` account, guessed at from elsewhere, still signs in from the hall.
 */
@Injectable()
export class LoginThrottleService {
  private readonly log = new Logger('LoginThrottle');
  private readonly locks: PromCounter;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: SignInAlerts,
    metrics: MetricsRegistry,
  ) {
    this.locks = metrics.counter({
      name: 'council_sign_in_account_locks_total',
      help: 'Accounts locked by failed sign-ins from all addresses (the account-wide limit), once per lock',
    });
  }

  private counters(username: string, ip: string | undefined): Counter[] {
    const base = `${this.config.queuePrefix}:login-fail`;
    const max = this.config.login.maxFailures;
    const address = ip ?? 'unknown';
    const counter = (name: string, limit: number): Counter => ({ key: `${base}:${name}`, until: `${base}:${name}:until`, limit });
    return [
      counter(`pair:${username}:${address}`, max),
      counter(`ip:${address}`, max * PER_ADDRESS_FACTOR),
      counter(`user:${username}`, max * ACCOUNT_FACTOR),
    ];
  }

  async assertAllowed(username: string, ip: string | undefined): Promise<void> {
    const counters = this.counters(username, ip);
    const waits = await Promise.all(counters.map((c) => this.redis.pttl(c.until)));
    const wait = Math.max(...waits);
    if (wait > 0) throw new RateLimitedError(Math.ceil(wait / 1000));
  }

  /** `account`: whether the name is an account's; only a real account's lock is told to administrators. */
  async recordFailure(username: string, ip: string | undefined, account = true): Promise<void> {
    const window = this.config.login.windowSeconds;
    const counters = this.counters(username, ip);
    const multi = this.redis.multi();
    for (const c of counters) multi.incr(c.key).expire(c.key, window, 'NX');
    const results = (await multi.exec()) ?? [];
    const counts = counters.map((_, i) => Number(results[i * 2]?.[1] ?? 0));
    const locks = this.redis.multi();
    counters.forEach((c, i) => {
      const over = counts[i] - c.limit;
      if (over < 0) return;
      // 1 s at the limit, doubling with each failure past it, never longer than the window.
      const waitMs = Math.min(window * 1000, 1000 * 2 ** Math.min(over, 30));
      locks.set(c.until, '1', 'PX', waitMs);
    });
    await locks.exec();
    // Exactly one failure sees the count reach the limit (INCR is atomic): one alert per lock, none for the refusals after it.
    if (counts[2] !== counters[2].limit) return;
    if (!account) {
      // A name nobody has is locked the same (the answers must not tell), but there is no account to tell anyone about.
      this.log.warn(`${counts[2]} failed sign-ins for the unknown name "${username}" within ${window} s from all addresses`);
      return;
    }
    this.log.error(
      `ALERT: ${counts[2]} failed sign-ins for "${username}" within ${window} s from all addresses: the account waits between attempts until they stop`,
    );
    this.locks.inc();
    await this.alerts.accountLocked({ username, failures: counts[2], windowSeconds: window, address: ip ?? 'unknown' });
  }

  /** A right password clears what this address owed for this name; the address's and the account's counts stay. */
  async recordSuccess(username: string, ip: string | undefined): Promise<void> {
    const [pair] = this.counters(username, ip);
    await this.redis.del(pair.key, pair.until);
  }
}
