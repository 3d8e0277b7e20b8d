import { type AppConfig, InvalidInputError, Role, UnauthenticatedError } from '@council/core';
import { APP_CONFIG } from '@council/server';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

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

const WRONG_CREDENTIALS = { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong user name or password' };

@Injectable()
export class AuthService {
  private readonly verified = new Map<string, { claims: TokenClaims & { iat: number }; exp: number }>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An unknown user and a wrong password give the same error after the same
   * work (a hash verification either way), so sign-in reveals nobody's name.
   */
  async login(
    ctx: RequestContext,
    username: string,
    password: string,
  ): Promise<{ accessToken: string; expiresAt: Date; user: UserEntity }> {
    const name = username.trim().toLowerCase();
    if (!name || name.length > 64) throw new InvalidInputError('username', { vi: 'Tên đăng nhập không hợp lệ', en: 'Invalid user name' });
    if (password.length > 1024) throw new InvalidInputError('password', { vi: 'Mật khẩu quá dài', en: 'Password too long' });
    await this.throttle.assertAllowed(name, ctx.ip);

    const user = await this.users.findOneBy({ username: name });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(name, ctx.ip);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(name, ctx.ip);
    const expiresAt = new Date(Date.now() + this.config.jwtTtlSeconds * 1000);
    const claims: TokenClaims = { sub: user.id, usr: user.username, role: user.role, unit: user.unitCode };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds });
    return { accessToken, expiresAt, user };
  }

  /**
   * The user a bearer token names, as the account stands now; any defect (expired, forged, malformed) is
   * UNAUTHENTICATED, and so is a token whose user was disabled, removed, or whose password was reset after it was
   * issued. The signature check is remembered until the token expires (it costs over a millisecond of CPU); the
   * account is read on every request — one primary-key lookup — so an administrator's change takes effect at once
   * on both APIs, whichever of them made it, and the role and unit are the current ones, not the token's.
   */
  async verifyToken(token: string): Promise<AuthUser> {
    const claims = await this.verifiedClaims(token);
    const rows: { username: string; role: Role; unitCode: string; active: boolean; validFrom: number | null }[] = await this.users.query(
      `SELECT username, role, unit_code AS "unitCode", active, floor(extract(epoch FROM tokens_valid_from))::int AS "validFrom"
         FROM auth.user_account WHERE id = $1`,
      [claims.sub],
    );
    const row = rows[0];
    // iat is in whole seconds: a token from the second of the reset itself stays valid (the one signed in with the new password).
    if (!row || !row.active || (row.validFrom !== null && claims.iat < row.validFrom)) throw new UnauthenticatedError();
    return { id: claims.sub, username: row.username, role: row.role, unitCode: row.unitCode };
  }

  private async verifiedClaims(token: string): Promise<TokenClaims & { iat: number }> {
    const known = this.verified.get(token);
    if (known && known.exp > Date.now()) return known.claims;
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & { exp: number; iat: number }>(token, { algorithms: ['HS256'] });
      // A token without an expiry would never expire (jsonwebtoken accepts one): refused, however well signed.
      if (typeof claims.exp !== 'number') throw new Error('no exp');
      if (!claims.sub || !claims.usr || !Object.values(Role).includes(claims.role)) throw new Error('claims');
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
