import { DatabaseModule } from '@council/database';
import { DirectivesModule } from '@council/directives';
import { MessagingModule } from '@council/messaging';
import { NotificationsModule } from '@council/notifications';
import { ClosingWorkerModule } from '@council/reporting';
import { AppConfigModule, HealthModule, RedisModule } from '@council/server';
import { StatisticsModule } from '@council/statistics';
import { SyncModule } from '@council/sync';
import { Module } from '@nestjs/common';

/**
 * The outbox relay, the queue consumers of both sides and the scheduled jobs.
 * HTTP only for /health. It holds a connection to each side's database (the
 * same database by default): the relay reads the district outbox, the
 * consumers write the city's figures.
 */
@Module({
  imports: [
    AppConfigModule,
    RedisModule,
    DatabaseModule.forRoot({ url: (c) => c.districtDatabaseUrl, applicationName: 'sync-worker' }),
    DatabaseModule.forRoot({ name: 'city', url: (c) => c.cityDatabaseUrl, applicationName: 'sync-worker-city' }),
    HealthModule,
    MessagingModule.forRoot({
      consume: ['to-city', 'to-district', 'reactions', 'maintenance'],
      relay: [{ side: 'district' }, { side: 'city', dataSource: 'city' }],
    }),
    StatisticsModule.forWorker('city'),
    DirectivesModule.forWorker('city'),
    SyncModule.forWorker('city'),
    ClosingWorkerModule,
    NotificationsModule.forWorker('city'),
  ],
})
export class SyncWorkerModule {}
