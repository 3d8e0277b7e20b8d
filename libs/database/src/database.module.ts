import type { AppConfig } from '@council/core';
import { APP_CONFIG } from '@council/server';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { baseOptions } from './data-source.js';

/**
 * The app's connection. Each side names its own URL (DISTRICT_DATABASE_URL,
 * CITY_DATABASE_URL; both default to DATABASE_URL), so a deployment can split
 * them. Entities come from the feature modules the app imports.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: { url: (config: AppConfig) => string; applicationName: string; name?: string }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: options.name,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...baseOptions(options.url(config), options.applicationName, config.dbPoolSize),
            name: options.name,
            autoLoadEntities: true,
          }),
        }),
      ],
    };
  }
}
