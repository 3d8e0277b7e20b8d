import { RefreshTokenEntity, UserEntity } from '@council/auth';
import { MEETING_ENTITIES } from '@council/briefings';
import { baseOptions, MIGRATIONS } from '@council/database';
import { CITY_DIRECTIVE_ENTITIES, DISTRICT_DIRECTIVE_ENTITIES } from '@council/directives';
import { CouncilTermEntity, CouncilUnitEntity, REORGANISATION_ENTITIES } from '@council/hierarchy';
import { CityOutboxEventEntity, DistrictInboxEventEntity, DistrictOutboxEventEntity } from '@council/messaging';
import { MetricEntity } from '@council/metrics';
import { NOTIFICATION_ENTITIES } from '@council/notifications';
import { AnnualPlanEntity } from '@council/planning';
import {
  AuditLogEntity,
  QuarterClosureEntity,
  ReopenRequestEntity,
  ReportEntity,
  ReportingPeriodEntity,
  ReportValueEntity,
  ReportVersionEntity,
} from '@council/reporting';
import { STATISTICS_ENTITIES } from '@council/statistics';
import { DataSource, type DataSourceOptions } from 'typeorm';

/*
 * The one place that knows every lib's entities: this CLI, which generates migrations from them and seeds through
 * them. @council/database itself depends on no feature (test/boundaries.e2e-spec.ts).
 */

/** Every entity of every side: what migrations are generated from. Apps load only their own (autoLoadEntities). */
export const ALL_ENTITIES = [
  CouncilUnitEntity,
  ...REORGANISATION_ENTITIES,
  CouncilTermEntity,
  MetricEntity,
  UserEntity,
  RefreshTokenEntity,
  ReportEntity,
  ReportVersionEntity,
  ReportValueEntity,
  AuditLogEntity,
  ReportingPeriodEntity,
  QuarterClosureEntity,
  ReopenRequestEntity,
  DistrictOutboxEventEntity,
  DistrictInboxEventEntity,
  CityOutboxEventEntity,
  AnnualPlanEntity,
  ...CITY_DIRECTIVE_ENTITIES,
  ...DISTRICT_DIRECTIVE_ENTITIES,
  ...STATISTICS_ENTITIES,
  ...MEETING_ENTITIES,
  ...NOTIFICATION_ENTITIES,
];

/** A CLI's or a test's connection (every entity, the migrations); an app's pool is sized by DB_POOL_SIZE instead. */
export function createDataSource(url: string, applicationName = 'council-cli', poolSize = 10): DataSource {
  const options: DataSourceOptions = {
    ...baseOptions(url, applicationName, poolSize),
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
  };
  return new DataSource(options);
}
