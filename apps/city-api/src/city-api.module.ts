import { AuthModule } from '@council/auth';
import { BriefingsModule } from '@council/briefings';
import { DatabaseModule } from '@council/database';
import { DirectivesModule } from '@council/directives';
import { HierarchyModule } from '@council/hierarchy';
import { QueueDashboardModule } from '@council/messaging';
import { MetricsModule } from '@council/metrics';
import { NotificationsModule } from '@council/notifications';
import { AccountLockAuditModule } from '@council/reporting';
import { AppConfigModule, GraphQLApiModule, HealthModule, RedisModule } from '@council/server';
import { StatisticsModule } from '@council/statistics';
import { Module } from '@nestjs/common';

/** City side: statistics, completeness, directives, briefings. Composition only; features live in libs/. */
@Module({
  imports: [
    AppConfigModule,
    RedisModule,
    DatabaseModule.forRoot({
      url: (c) => c.cityDatabaseUrl,
      applicationName: 'city-api',
      statementTimeoutMs: (c) => c.apiStatementTimeoutMs,
    }),
    GraphQLApiModule.forRoot({ subscriptions: true }),
    HealthModule,
    AuthModule,
    HierarchyModule,
    MetricsModule,
    DirectivesModule.forCityApi(),
    StatisticsModule.forApi(),
    BriefingsModule,
    NotificationsModule.forCityApi(),
    // Sign-in happens here too: an account lock goes to the audit log (README "Sign-in limits").
    AccountLockAuditModule,
    // bull-board for administrators at /admin/queues (README "Queue dashboard").
    QueueDashboardModule,
  ],
})
export class CityApiModule {}
