import { QueryCounterLogger } from './query-counter.logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

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
