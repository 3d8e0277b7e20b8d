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
  private readonly verified = new Map<string, { user: AuthUser; exp: number }>();

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
   * The user a bearer token names; any defect (expired, forged, malformed) is
   * UNAUTHENTICATED. Verified tokens are remembered until they expire:
   * verification costs over a millisecond of CPU, on every request.
   */
  async verifyToken(token: string): Promise<AuthUser> {
    const known = this.verified.get(token);
    if (known && known.exp > Date.now()) return known.user;
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & { exp: number }>(token, { algorithms: ['HS256'] });
      // A token without an expiry would never expire (jsonwebtoken accepts one): refused, however well signed.
      if (typeof claims.exp !== 'number') throw new Error('no exp');
      if (!claims.sub || !claims.usr || !Object.values(Role).includes(claims.role)) throw new Error('claims');
      const user = { id: claims.sub, username: claims.usr, role: claims.role, unitCode: claims.unit };
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, { user, exp: claims.exp * 1000 });
      return user;
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
