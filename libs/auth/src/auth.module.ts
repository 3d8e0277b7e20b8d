import type { AppConfig } from '@council/core';
import { HierarchyModule } from '@council/hierarchy';
import { APP_CONFIG, CALLER_ROLE } from '@council/server';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountCache } from './account-cache.js';
import { AuthGuard } from './auth.guard.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { TokenCallerRole } from './caller-role.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { ProductionSafety } from './production-safety.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { SignInAlerts } from './sign-in-alerts.js';
import { UnitScopeService } from './unit-scope.service.js';
import { UserEntity } from './user.entity.js';

/** Sign-in, tokens, and the global guard. Both APIs import it. Global for the GraphQL module's query budget (CALLER_ROLE). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity]),
    HierarchyModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'council-platform' },
        verifyOptions: { issuer: 'council-platform' },
      }),
    }),
  ],
  providers: [
    AccountCache,
    AuthService,
    UnitScopeService,
    LoginThrottleService,
    SignInAlerts,
    AuthResolver,
    ProductionSafety,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: CALLER_ROLE, useClass: TokenCallerRole },
  ],
  exports: [AuthService, AccountCache, UnitScopeService, SignInAlerts, HierarchyModule, CALLER_ROLE],
})
export class AuthModule {}
