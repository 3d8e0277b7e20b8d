import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { type DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';

import { AccountLockAlerts } from './jobs/account-lock-alerts.processor.js';
import { NotificationMailer } from './jobs/notification-mailer.js';
import { NotificationReactions } from './jobs/notification-reactions.js';
import { ReportRemindersProcessor } from './jobs/report-reminders.processor.js';
import { NOTIFICATION_ENTITIES } from './notification.entities.js';
import { NotificationResolver } from './notification.resolver.js';
import { NotificationsService } from './notifications.service.js';
import { NOTIFY_DB } from './notifications.tokens.js';
import { NotificationsLiveService } from './notifications-live.service.js';
import { UnitNames } from './unit-names.js';

/** The notification centre: read and followed live on city-api, written by the worker (events, reminders, mail). */
@Module({})
export class NotificationsModule {
  static forCityApi(): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES), AuthModule],
      providers: [
        { provide: NOTIFY_DB, useExisting: getDataSourceToken() },
        NotificationsService,
        NotificationsLiveService,
        NotificationResolver,
      ],
    };
  }

  /** sync-worker: the notify schema through its 'city' connection; deadlines and filed reports through the district one. */
  static forWorker(cityDataSource: string): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES, cityDataSource), HierarchyModule],
      providers: [
        { provide: NOTIFY_DB, useExisting: getDataSourceToken(cityDataSource) },
        NotificationsService,
        UnitNames,
        NotificationReactions,
        ReportRemindersProcessor,
        NotificationMailer,
        AccountLockAlerts,
      ],
    };
  }
}
