import { DataSource, type DataSourceOptions } from 'typeorm';
import { CouncilUnitEntity } from '@council/hierarchy';
import { MetricEntity } from '@council/metrics';
import { UserEntity } from '@council/auth';
import { CityOutboxEventEntity, DistrictInboxEventEntity, DistrictOutboxEventEntity } from '@council/messaging';
import { CITY_DIRECTIVE_ENTITIES, DISTRICT_DIRECTIVE_ENTITIES } from '@council/directives';
import { MEETING_ENTITIES } from '@council/briefings';
import { AnnualPlanEntity } from '@council/planning';
import { STATISTICS_ENTITIES } from '@council/statistics';
import { AuditLogEntity, ReportEntity, ReportValueEntity, ReportVersionEntity, ReportingPeriodEntity } from '@council/reporting';
import { MIGRATIONS } from './migrations/index.js';
import { QueryCounterLogger } from './query-counter.logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Every entity of every side: what migrations are generated from. Apps load only their own (autoLoadEntities). */
export const ALL_ENTITIES = [
  CouncilUnitEntity,
  MetricEntity,
  UserEntity,
  ReportEntity,
  ReportVersionEntity,
  ReportValueEntity,
  AuditLogEntity,
  ReportingPeriodEntity,
  DistrictOutboxEventEntity,
  DistrictInboxEventEntity,
  CityOutboxEventEntity,
  AnnualPlanEntity,
  ...CITY_DIRECTIVE_ENTITIES,
  ...DISTRICT_DIRECTIVE_ENTITIES,
  ...STATISTICS_ENTITIES,
  ...MEETING_ENTITIES,
];

/** Options shared by the apps' TypeORM module and the CLI. `synchronize` is never on: migrations own the schema. */
export function baseOptions(url: string, applicationName: string, poolSize: number) {
  return {
    type: 'postgres' as const,
    url,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto' as const,
    migrationsRun: false,
    logger: new QueryCounterLogger(),
    maxQueryExecutionTime: 500,
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

/** A CLI's or a test's connection (every entity, the migrations); an app's pool is sized by DB_POOL_SIZE instead. */
export function createDataSource(url: string, applicationName = 'council-cli', poolSize = 10): DataSource {
  const options: DataSourceOptions = { ...baseOptions(url, applicationName, poolSize), entities: ALL_ENTITIES, migrations: MIGRATIONS, migrationsTransactionMode: 'each' };
  return new DataSource(options);
}
