import { Module } from '@nestjs/common';
import { AuthModule } from '@council/auth';
import { DirectivesModule } from '@council/directives';
import { DatabaseModule } from '@council/database';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { PlanningModule } from '@council/planning';
import { ReportingModule } from '@council/reporting';
import { AppConfigModule, GraphQLApiModule, HealthModule, RedisModule } from '@council/server';

/** District side: quarterly reports and directive assignments. Composition only; features live in libs/. */
@Module({
  imports: [
    AppConfigModule,
    RedisModule,
    DatabaseModule.forRoot({ url: (c) => c.districtDatabaseUrl, applicationName: 'district-api' }),
    GraphQLApiModule.forRoot(),
    HealthModule,
    AuthModule,
    HierarchyModule,
    MetricsModule,
    DirectivesModule.forDistrictApi(),
    ReportingModule,
    PlanningModule,
  ],
})
export class DistrictApiModule {}
