import { type DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';

import { ReconcileStatisticsProcessor } from './reconcile-statistics.processor.js';
import { SYNC_CITY_DB } from './sync.tokens.js';

/**
 * The sync worker's check that the two sides agree. It is the one place that reads both databases — the district's
 * latest versions and the city's facts and rollups — so it belongs to neither side's lib: `@council/statistics`
 * (the city) and `@council/reporting` (the district) stay apart, and only the worker, which carries events between
 * them, composes this.
 */
@Module({})
export class SyncModule {
  static forWorker(cityDataSourceName: string): DynamicModule {
    return {
      module: SyncModule,
      providers: [{ provide: SYNC_CITY_DB, useExisting: getDataSourceToken(cityDataSourceName) }, ReconcileStatisticsProcessor],
      exports: [ReconcileStatisticsProcessor],
    };
  }
}
