import { type AppConfig, NotificationKind } from '@council/core';
import { HierarchyService } from '@council/hierarchy';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import { APP_CONFIG } from '@council/server';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { type NotificationDraft, NotificationsService } from '../notifications.service.js';
import { NOTIFY_DB } from '../notifications.tokens.js';
import { UnitNames } from '../unit-names.js';

/** How far back a run looks: a worker down for less than this still tells every lock. */
const LOOK_BACK = '7 days';

interface LockEntry {
  id: string;
  at: Date;
  username: string;
  changes: { after?: { failures?: number; windowSeconds?: number; address?: string } };
}

/**
 * Scheduled (ALERT_EVERY_MS): an account locked by sign-in guesses from everywhere (the audit log's `ACCOUNT_LOCKED`,
 * written by whichever API the guesses reached) is told to the city's administrators in their notification centre,
 * and by mail where they take it. The audit entry is the durable fact and its id the dedupe key, so each lock is
 * told once whatever the runs, and a lock raised while the worker was down is told when it is back.
 */
@Injectable()
export class AccountLockAlerts implements OnModuleInit {
  private readonly log = new Logger('AccountLockAlerts');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly schedule: MaintenanceSchedule,
    private readonly notifications: NotificationsService,
    private readonly units: UnitNames,
    private readonly hierarchy: HierarchyService,
    /** The district side: the audit log. */
    @InjectDataSource() private readonly district: DataSource,
    /** The city side: accounts. */
    @Inject(NOTIFY_DB) private readonly city: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register('NotifyAccountLocks', async () => {
      const created = await this.run();
      if (created) this.log.log(`${created} account-lock alert(s) written`);
    });
    this.schedule.every('NotifyAccountLocks', this.config.notifications.alertEveryMs);
  }

  async run(): Promise<number> {
    // The partial index ix_audit_log_account_locked: only lock entries are read, however long the log.
    const locks: LockEntry[] = await this.district.query(
      `SELECT id::text, at, substr(subject, 6) AS username, changes FROM district.audit_log
        WHERE action = 'ACCOUNT_LOCKED' AND at > now() - interval '${LOOK_BACK}' ORDER BY id`,
    );
    if (locks.length === 0) return 0;
    const accounts: { username: string; unit_code: string }[] = await this.city.query(
      `SELECT username, unit_code FROM auth.user_account WHERE username = ANY($1)`,
      [[...new Set(locks.map((l) => l.username))]],
    );
    const unitOf = new Map(accounts.map((a) => [a.username, a.unit_code]));
    const drafts: NotificationDraft[] = [];
    for (const lock of locks) {
      const code = unitOf.get(lock.username);
      if (!code) continue;
      // The administrators of the city the account belongs to.
      const root = (await this.hierarchy.findByCode(code))?.rootCode ?? code;
      const unit = await this.units.of(root);
      const after = lock.changes.after ?? {};
      drafts.push({
        kind: NotificationKind.ACCOUNT_LOCKED,
        key: lock.id,
        unit,
        subject: {
          unitCode: unit.code,
          unitName: unit.name,
          lock: {
            username: lock.username,
            failures: after.failures ?? 0,
            windowSeconds: after.windowSeconds ?? 0,
            address: after.address ?? '',
            at: new Date(lock.at).toISOString(),
          },
        },
      });
    }
    return this.notifications.notify(drafts);
  }
}
