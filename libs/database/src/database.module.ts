import type { AppConfig } from '@council/core';
import { APP_CONFIG } from '@council/server';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { baseOptions } from './data-source.js';
import { poolMetricsProvider } from './pool-metrics.js';

/**
 * The app's connection. Each side names its own URL (DISTRICT_DATABASE_URL,
 * CITY_DATABASE_URL; both default to DATABASE_URL), so a deployment can split
 * them. Entities come from the feature modules the app imports. Its pool's use is on /metrics.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: {
    url: (config: AppConfig) => string;
    applicationName: string;
    name?: string;
    /** PostgreSQL's statement_timeout for every statement of this connection (the APIs': API_STATEMENT_TIMEOUT_MS). */
    statementTimeoutMs?: (config: AppConfig) => number;
  }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: options.name,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const base = baseOptions(options.url(config), options.applicationName, config.dbPoolSize);
            const timeout = options.statementTimeoutMs?.(config);
            // A statement past it is cancelled by the server (SQLSTATE 57014); formatGraphQLError answers it as the caller's to narrow.
            const extra = timeout ? { ...base.extra, statement_timeout: timeout } : base.extra;
            return { ...base, extra, name: options.name, autoLoadEntities: true };
          },
        }),
      ],
      providers: [poolMetricsProvider(options.name, options.applicationName)],
    };
  }
}
