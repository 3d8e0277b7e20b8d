import type { AppConfig } from '@council/core';
import { HierarchyModule } from '@council/hierarchy';
import { APP_CONFIG } from '@council/server';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuthGuard } from './auth.guard.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { ProductionSafety } from './production-safety.js';
import { UnitScopeService } from './unit-scope.service.js';
import { UserEntity } from './user.entity.js';

/** Sign-in, tokens, and the global guard. Both APIs import it. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
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
    AuthService,
    UnitScopeService,
    LoginThrottleService,
    AuthResolver,
    ProductionSafety,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UnitScopeService, HierarchyModule],
})
export class AuthModule {}
