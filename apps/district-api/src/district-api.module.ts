import { AdminModule } from '@council/admin';
import { AuthModule } from '@council/auth';
import { DatabaseModule } from '@council/database';
import { DirectivesModule } from '@council/directives';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { PlanningModule } from '@council/planning';
import { ReportWorkbooksModule } from '@council/report-workbooks';
import { ReportingModule } from '@council/reporting';
import { AppConfigModule, GraphQLApiModule, HealthModule, RedisModule } from '@council/server';
import { Module } from '@nestjs/common';

/** District side: quarterly reports and directive assignments. Composition only; features live in libs/. */
@Module({
  imports: [
    AppConfigModule,
    RedisModule,
    DatabaseModule.forRoot({
      url: (c) => c.districtDatabaseUrl,
      applicationName: 'district-api',
      statementTimeoutMs: (c) => c.apiStatementTimeoutMs,
    }),
    GraphQLApiModule.forRoot(),
    HealthModule,
    AuthModule,
    HierarchyModule,
    MetricsModule,
    DirectivesModule.forDistrictApi(),
    ReportingModule,
    PlanningModule,
    AdminModule,
    ReportWorkbooksModule,
  ],
})
export class DistrictApiModule {}
