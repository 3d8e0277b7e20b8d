import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { type DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';

import { StatisticsExportController } from './export/statistics-export.controller.js';
import { StatisticsExportService } from './export/statistics-export.service.js';
import { AnnualPlanProcessor } from './jobs/annual-plan.processor.js';
import { ReportSnapshotProcessor } from './jobs/report-snapshot.processor.js';
import { RollupCompactor } from './rollup-compactor.js';
import { STATISTICS_ENTITIES } from './statistics.entities.js';
import { StatisticsResolver } from './statistics.resolver.js';
import { StatisticsService } from './statistics.service.js';
import { CITY_DB } from './statistics.tokens.js';

/** City side: the figures received from the district side, their rollups, and the queries over them. */
@Module({})
export class StatisticsModule {
  /** city-api: the statistics and completeness queries, on the app's (city) database. */
  static forApi(): DynamicModule {
    return {
      module: StatisticsModule,
      imports: [TypeOrmModule.forFeature(STATISTICS_ENTITIES), AuthModule, HierarchyModule, MetricsModule],
      providers: [{ provide: CITY_DB, useExisting: getDataSourceToken() }, StatisticsService, StatisticsResolver, StatisticsExportService],
      // Any statistics query as XLSX or CSV (GET/POST /exports/statistics.xlsx|.csv).
      controllers: [StatisticsExportController],
      exports: [StatisticsService],
    };
  }

  /** sync-worker: the consumer that applies report snapshots, on the worker's connection to the city database. */
  static forWorker(dataSourceName: string): DynamicModule {
    return {
      module: StatisticsModule,
      imports: [TypeOrmModule.forFeature(STATISTICS_ENTITIES, dataSourceName)],
      providers: [
        { provide: CITY_DB, useExisting: getDataSourceToken(dataSourceName) },
        RollupCompactor,
        ReportSnapshotProcessor,
        AnnualPlanProcessor,
      ],
      exports: [ReportSnapshotProcessor, RollupCompactor],
    };
  }
}
