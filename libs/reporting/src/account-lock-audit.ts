import { type AccountLock, SignInAlerts } from '@council/auth';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';

import { AuditService } from './audit.service.js';

/**
 * An account locked by sign-in guesses (libs/auth, LoginThrottleService) as an entry of the audit log, so that
 * administrators see it in `adminAuditLog(subject: "user:<name>")`: `ACCOUNT_LOCKED` by `system`, with the failures,
 * the window and the address that tripped it. One entry per lock: auth raises the alert once.
 */
@Injectable()
export class AccountLockAudit implements OnModuleInit {
  constructor(
    private readonly alerts: SignInAlerts,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.alerts.onAccountLock((lock) => this.record(lock));
  }

  record(lock: AccountLock): Promise<void> {
    return this.audit.recordSystem({
      action: 'ACCOUNT_LOCKED',
      subject: `user:${lock.username}`,
      changes: { before: null, after: { failures: lock.failures, windowSeconds: lock.windowSeconds, address: lock.address } },
    });
  }
}

/**
 * The audit entry of an account lock, for an app that signs people in without the reporting module (city-api): the
 * audit log's one writer, AuditService, on the app's connection, so it needs `district.audit_log` there (one database,
 * the default; README "Sign-in limits").
 */
@Module({ providers: [AuditService, AccountLockAudit] })
export class AccountLockAuditModule {}
