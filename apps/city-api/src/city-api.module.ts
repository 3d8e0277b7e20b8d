import { Module } from '@nestjs/common';
import { AuthModule } from '@council/auth';
import { BriefingsModule } from '@council/briefings';
import { DirectivesModule } from '@council/directives';
import { DatabaseModule } from '@council/database';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { StatisticsModule } from '@council/statistics';
import { AppConfigModule, GraphQLApiModule, HealthModule, RedisModule } from '@council/server';

/** City side: statistics, completeness, directives, briefings. Composition only; features live in libs/. */
@Module({
  imports: [
    AppConfigModule,
    RedisModule,
    DatabaseModule.forRoot({ url: (c) => c.cityDatabaseUrl, applicationName: 'city-api' }),
    GraphQLApiModule.forRoot({ subscriptions: true }),
    HealthModule,
    AuthModule,
    HierarchyModule,
    MetricsModule,
    DirectivesModule.forCityApi(),
    StatisticsModule.forApi(),
    BriefingsModule,
  ],
})
export class CityApiModule {}
