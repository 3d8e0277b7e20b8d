import { AuthModule } from '@council/auth';
import { BriefingsModule } from '@council/briefings';
import { DatabaseModule } from '@council/database';
import { DirectivesModule } from '@council/directives';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { AppConfigModule, GraphQLApiModule, HealthModule, RedisModule } from '@council/server';
import { StatisticsModule } from '@council/statistics';
import { Module } from '@nestjs/common';

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
