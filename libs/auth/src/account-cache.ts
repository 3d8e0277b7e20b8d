import { type AppConfig, type Role } from '@council/core';
import { APP_CONFIG, HealthRegistry, openSubscriber, REDIS, SessionSockets } from '@council/server';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';

import { UserEntity } from './user.entity.js';

/** What the guard needs of an account on every request. */
export interface AccountState {
  username: string;
  role: Role;
  unitCode: string;
  /** The identity of the account's unit (issue 14); null for an account from before identities. */
  unitId: string | null;
  active: boolean;
  /** tokens_valid_from in whole seconds since the epoch (tokens issued before it are refused); null: none. */
  validFrom: number | null;
}

/** A change to one account, announced to every API replica. `endSessions`: its open sockets close too. */
export interface UserChanged {
  username: string;
  endSessions: boolean;
}

export function userChangedChannel(queuePrefix: string): string {
  return `${queuePrefix}:user-changed`;
}

/** A counter every account change increments before its mutation answers: what makes "at the next request" hold. */
export function accountsVersionKey(queuePrefix: string): string {
  return `${queuePrefix}:accounts-version`;
}

/**
 * The accounts the guard checks tokens against, cached in this process: a request costs one Redis GET instead of a
 * database round trip when the account was read in the last USER_CACHE_SECONDS. Whoever changes an account
 * (libs/admin, through `changed`) increments `accounts-version` in Redis before answering, and every hit compares it
 * with the version its entry was read under: a change is seen by the very next request on every replica. The
 * pub/sub message only closes the user's open sockets (and frees memory early): a message is delivered to another
 * process's event loop at its own pace, which under load came after the next request (CI, 2026-12-06). While Redis
 * is unreachable nothing is cached at all (every request reads the account, as before the cache).
 */
@Injectable()
export class AccountCache implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('AccountCache');
  private readonly entries = new Map<string, { account: AccountState; at: number; version: string | null }>();
  /** Bumped by every invalidation: a read that began before one does not store what it read. */
  private generation = 0;
  private subscriber?: Redis;
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly sockets?: SessionSockets,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const channel = userChangedChannel(this.config.queuePrefix);
    this.subscriber = await openSubscriber(this.redis, {
      channels: [channel],
      connectionName: 'council-user-changes',
      onMessage: (_channel, raw) => {
        try {
          this.apply(JSON.parse(raw) as UserChanged);
        } catch (e) {
          this.log.warn(`bad user-changed message: ${(e as Error).message}`);
        }
      },
      // Changes announced while the link was down are lost: forget everything on every (re)connection.
      onReady: () => this.invalidate(() => true),
      onError: (e) => this.log.warn(`Redis subscriber: ${e.message}`),
    });
    this.health?.register('accountCache', () =>
      Promise.resolve({ subscriber: this.subscriber?.status, cached: this.entries.size, sockets: this.sockets?.size ?? 0, ...this.stats }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The account `id` as it stands: at most USER_CACHE_SECONDS old, and never older than the last change made. */
  async get(id: string): Promise<AccountState | undefined> {
    const ttlMs = this.config.tokens.userCacheSeconds * 1000;
    const version = ttlMs > 0 && this.subscriber?.status === 'ready' ? await this.version() : undefined;
    const hit = version !== undefined ? this.entries.get(id) : undefined;
    if (hit && hit.version === version && Date.now() - hit.at < ttlMs) {
      this.stats.hits++;
      return hit.account;
    }
    this.stats.misses++;
    const generation = this.generation;
    const rows: AccountState[] = await this.users.query(
      `SELECT username, role, unit_code AS "unitCode", unit_id AS "unitId", active, floor(extract(epoch FROM tokens_valid_from))::int AS "validFrom"
         FROM auth.user_account WHERE id = $1`,
      [id],
    );
    const account = rows[0];
    if (account && version !== undefined && generation === this.generation) {
      if (this.entries.size >= 10_000) this.entries.clear();
      this.entries.set(id, { account, at: Date.now(), version });
    }
    return account;
  }

  /** The accounts' version in Redis (null before the first change); undefined when Redis does not answer. */
  private async version(): Promise<string | null | undefined> {
    try {
      return await this.redis.get(accountsVersionKey(this.config.queuePrefix));
    } catch {
      return undefined;
    }
  }

  /**
   * Call after the transaction that changed `username`'s account has committed: once this resolves, no replica
   * answers from what it had cached (the version moved); open sockets close as the message arrives.
   */
  async changed(change: UserChanged): Promise<void> {
    this.apply(change);
    await this.redis
      .multi()
      .incr(accountsVersionKey(this.config.queuePrefix))
      .publish(userChangedChannel(this.config.queuePrefix), JSON.stringify(change))
      .exec()
      .catch((e: Error) => this.log.error(`announcing the change to ${change.username}: ${e.message}`));
  }

  private apply(change: UserChanged): void {
    this.invalidate((account) => account.username === change.username);
    if (change.endSessions) this.sockets?.close(change.username, 'Session ended');
  }

  private invalidate(which: (account: AccountState) => boolean): void {
    this.generation++;
    this.stats.invalidations++;
    for (const [id, entry] of this.entries) if (which(entry.account)) this.entries.delete(id);
  }
}
