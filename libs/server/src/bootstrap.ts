import 'reflect-metadata';

import { type AppConfig, ConfigError, loadConfig, LOG_LEVELS } from '@council/core';
import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { hardenHttp } from './http/http-hardening.js';
import { serveMetrics } from './metrics/metrics.route.js';
import { checkPostgres, checkRedis, PreflightError } from './preflight.js';

export interface AppDefinition {
  /** Process name in logs: city-api, district-api, sync-worker. */
  name: string;
  module: Type<unknown>;
  port: (config: AppConfig) => number;
  /** The PostgreSQL URLs this process needs (one side, or both for the worker). */
  databases: (config: AppConfig) => string[];
}

/** Everything an app needs besides listening; tests build apps through this too. */
export async function createApp(def: AppDefinition, config: AppConfig = loadConfig(process.env)): Promise<INestApplication> {
  // Every level up to the configured one (LOG_LEVEL).
  const logger = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1);
  // Nest's own body parser is off: hardenHttp's answers its refusals with a code.
  const app = await NestFactory.create(def.module, { bufferLogs: false, logger, bodyParser: false });
  // Without shutdown hooks BullMQ workers are never closed and half-done jobs re-run after the stall timeout.
  app.enableShutdownHooks();
  hardenHttp(app, config);
  serveMetrics(app, def.name, config);
  return app;
}

/**
 * main.ts of every app: validate config, check PostgreSQL and Redis (and say
 * which one is missing, at which address), then start. Any failure before
 * listening exits non-zero with a plain message instead of a stack trace.
 */
export async function bootstrapApp(def: AppDefinition): Promise<INestApplication | undefined> {
  const log = new Logger(def.name);
  try {
    const config = loadConfig(process.env);
    for (const url of new Set(def.databases(config))) await checkPostgres(url);
    await checkRedis(config.redisUrl);
    const app = await createApp(def, config);
    const port = def.port(config);
    await app.listen(port);
    log.log(`${def.name} sẵn sàng / ready: http://127.0.0.1:${port}  (health: /health)`);
    return app;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PreflightError) log.error(e.message);
    else log.error(`không khởi động được / failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
    // Give the logger a tick to flush, then leave even if handles are still open.
    setTimeout(() => process.exit(1), 50).unref();
    return undefined;
  }
}
