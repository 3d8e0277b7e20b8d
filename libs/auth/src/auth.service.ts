import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { type AppConfig, InvalidInputError, isUuid, Role, UnauthenticatedError } from '@council/core';
import { APP_CONFIG } from '@council/server';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';

import { AccountCache } from './account-cache.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { dummyHash, verifyPassword } from './password.js';
import type { AuthUser, RequestContext } from './request-context.js';
import { UserEntity } from './user.entity.js';

interface TokenClaims {
  sub: string;
  usr: string;
  role: Role;
  unit: string;
}

const ACCOUNT_CHANGED = {
  vi: 'Vai trò hoặc đơn vị của tài khoản đã thay đổi: phiên cần được gia hạn hoặc đăng nhập lại',
  en: 'The account’s role or council has changed: renew the session or sign in again',
};
const WRONG_CREDENTIALS = { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong user name or password' };
const SESSION_ENDED = {
  vi: 'Phiên đăng nhập đã kết thúc, vui lòng đăng nhập lại',
  en: 'The session has ended; please sign in again',
};

/** A signed-in session's two tokens: the short-lived access token every request carries, and its renewal. */
export interface TokenPair {
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** What an account must say for a refresh token to be renewed, and what the answer shows of it. */
type SessionUser = Pick<UserEntity, 'id' | 'username' | 'role' | 'unitCode' | 'displayName' | 'active'>;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Ends every refresh token of `username` (an administrator's revocation, disabling, password reset), inside the
 * caller's transaction; `at` is this app's clock, as everywhere tokens are dated.
 */
export async function revokeRefreshTokens(tx: Pick<EntityManager, 'query'>, username: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE auth.refresh_token SET revoked_at = $2
      WHERE revoked_at IS NULL AND user_id = (SELECT id FROM auth.user_account WHERE username = $1)`,
    [username, at],
  );
}

@Injectable()
export class AuthService {
  private readonly log = new Logger('AuthService');
  private readonly verified = new Map<string, { claims: TokenClaims & { iat: number }; exp: number }>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    private readonly accounts: AccountCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An unknown user and a wrong password give the same error after the same
   * work (a hash verification either way), so sign-in reveals nobody's name.
   */
  async login(ctx: RequestContext, username: string, password: string): Promise<TokenPair & { user: UserEntity }> {
    const name = username.trim().toLowerCase();
    if (!name || name.length > 64) throw new InvalidInputError('username', { vi: 'Tên đăng nhập không hợp lệ', en: 'Invalid user name' });
    if (password.length > 1024) throw new InvalidInputError('password', { vi: 'Mật khẩu quá dài', en: 'Password too long' });
    await this.throttle.assertAllowed(name, ctx.ip);

    const user = await this.users.findOneBy({ username: name });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(name, ctx.ip, user !== null);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(name, ctx.ip);
    const refreshExpiresAt = new Date(Date.now() + this.config.tokens.refreshTtlSeconds * 1000);
    // The user's ended sign-ins are kept no longer than they could matter: each sign-in clears its own user's.
    await this.users.query(`DELETE FROM auth.refresh_token WHERE user_id = $1 AND expires_at < $2`, [user.id, new Date()]);
    return { ...(await this.issue(this.users.manager, user, randomUUID(), refreshExpiresAt)), user };
  }

  /**
   * A new pair for a refresh token, which is used up. Refused (UNAUTHENTICATED, one message for every case) when it is
   * unknown, expired, revoked, or its user disabled; a token already used (more than REFRESH_REUSE_GRACE_SECONDS ago)
   * — a copy in someone else's hands, or the owner's after a thief renewed first — revokes its whole family, so both
   * must sign in again.
   */
  async refresh(token: string): Promise<TokenPair & { user: SessionUser }> {
    const now = new Date();
    const outcome = await this.users.manager.transaction(async (tx) => {
      const rows: (SessionUser & { tokenId: string; familyId: string; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null })[] =
        await tx.query(
          `SELECT r.id AS "tokenId", r.family_id AS "familyId", r.expires_at AS "expiresAt", r.used_at AS "usedAt",
                  r.revoked_at AS "revokedAt", u.id, u.username, u.role, u.unit_code AS "unitCode",
                  u.display_name AS "displayName", u.active
             FROM auth.refresh_token r JOIN auth.user_account u ON u.id = r.user_id
            WHERE r.token_hash = $1 FOR UPDATE OF r`,
          [sha256(token)],
        );
      const row = rows[0];
      if (!row || row.revokedAt) return null;
      // Presented again within seconds of its use: most likely the page that renewed was reloaded or closed before it
      // could keep the answer. One more pair of the same sign-in; later, it can only be a copy.
      const graceMs = this.config.tokens.reuseGraceSeconds * 1000;
      if (row.usedAt && now.getTime() - row.usedAt.getTime() < graceMs && row.expiresAt > now && row.active) {
        return { ...(await this.issue(tx, row, row.familyId, row.expiresAt)), user: row };
      }
      if (row.usedAt) {
        await tx.query(`UPDATE auth.refresh_token SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [row.familyId, now]);
        this.log.warn(`a used refresh token of ${row.username} was presented again: that sign-in is revoked`);
        return null;
      }
      if (row.expiresAt.getTime() <= now.getTime() || !row.active) return null;
      await tx.query(`UPDATE auth.refresh_token SET used_at = $2 WHERE id = $1`, [row.tokenId, now]);
      return { ...(await this.issue(tx, row, row.familyId, row.expiresAt)), user: row };
    });
    if (!outcome) throw new UnauthenticatedError(SESSION_ENDED);
    return outcome;
  }

  /** Sign-out: the refresh token's family ends (the access token in hand runs out within its minutes). */
  async logout(token: string): Promise<void> {
    await this.users.query(
      `UPDATE auth.refresh_token SET revoked_at = $2
        WHERE family_id = (SELECT family_id FROM auth.refresh_token WHERE token_hash = $1) AND revoked_at IS NULL`,
      [sha256(token), new Date()],
    );
  }

  private async issue(
    tx: EntityManager,
    user: Pick<UserEntity, 'id' | 'username' | 'role' | 'unitCode'>,
    familyId: string,
    refreshExpiresAt: Date,
  ): Promise<TokenPair> {
    // 256 random bits: guessing one is hopeless, so it needs no sign-in throttle and a plain SHA-256 to store.
    const refreshToken = randomBytes(32).toString('base64url');
    await tx.query(`INSERT INTO auth.refresh_token (token_hash, user_id, family_id, expires_at) VALUES ($1, $2, $3, $4)`, [
      sha256(refreshToken),
      user.id,
      familyId,
      refreshExpiresAt,
    ]);
    const ttl = this.config.tokens.accessTtlSeconds;
    const claims: TokenClaims = { sub: user.id, usr: user.username, role: user.role, unit: user.unitCode };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttl });
    return { accessToken, expiresAt: new Date(Date.now() + ttl * 1000), refreshToken, refreshExpiresAt };
  }

  /**
   * The user a bearer token names, as the account stands now; any defect (expired, forged, malformed) is
   * UNAUTHENTICATED, and so is a token whose user was disabled, removed, or whose password was reset after it was
   * issued. The signature check is remembered until the token expires (it costs over a millisecond of CPU); the
   * account comes from `AccountCache`, which every change announces itself to, so an administrator's change takes
   * effect at once on every replica of both APIs; a token naming a role or unit the account no longer has is refused too.
   */
  async verifyToken(token: string): Promise<AuthUser> {
    const claims = await this.verifiedClaims(token);
    const row = await this.accounts.get(claims.sub);
    // iat is in whole seconds: a token from the second of the reset itself stays valid (the one signed in with the new password).
    if (!row || !row.active || (row.validFrom !== null && claims.iat < row.validFrom)) throw new UnauthenticatedError();
    // Moved or given another role since the token was signed: refused, so the client renews and learns the account as
    // it is now (the web app does so unnoticed) rather than going on with the menus and scope of the old one.
    if (row.role !== claims.role || row.unitCode !== claims.unit) throw new UnauthenticatedError(ACCOUNT_CHANGED);
    return { id: claims.sub, username: row.username, role: row.role, unitCode: row.unitCode, unitId: row.unitId };
  }

  private async verifiedClaims(token: string): Promise<TokenClaims & { iat: number }> {
    const known = this.verified.get(token);
    if (known && known.exp > Date.now()) return known.claims;
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & { exp: number; iat: number }>(token, { algorithms: ['HS256'] });
      // A token without an expiry would never expire (jsonwebtoken accepts one): refused, however well signed.
      if (typeof claims.exp !== 'number') throw new Error('no exp');
      // sub goes into a uuid comparison: a well-signed token with any other sub would fail in the database, not here.
      if (typeof claims.sub !== 'string' || !isUuid(claims.sub) || !claims.usr || !Object.values(Role).includes(claims.role))
        throw new Error('claims');
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, { claims, exp: claims.exp * 1000 });
      return claims;
    } catch {
      throw new UnauthenticatedError();
    }
  }

  async findUser(ctx: RequestContext): Promise<UserEntity> {
    const me = ctx.requireUser();
    const user = await this.users.findOneBy({ id: me.id });
    if (!user || !user.active) throw new UnauthenticatedError();
    return user;
  }
}
