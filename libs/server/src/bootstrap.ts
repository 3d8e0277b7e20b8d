import 'reflect-metadata';

import { type AppConfig, ConfigError, loadConfig } from '@council/core';
import { type INestApplication, Logger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';

import { hardenHttp } from './http/http-hardening.js';
import { LoggingModule } from './logging/logging.module.js';
import { requestIdMiddleware } from './logging/request-id.js';
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

@Module({})
class AppRoot {}

/** Everything an app needs besides listening; tests build apps through this too. */
export async function createApp(def: AppDefinition, config: AppConfig = loadConfig(process.env)): Promise<INestApplication> {
  // The app's module with the logging every app has (JSON lines, request ids, redaction).
  const root = { module: AppRoot, imports: [def.module, LoggingModule.forApp(def.name, config)] };
  // Nest's own body parser is off: hardenHttp's answers its refusals with a code. Start-up lines wait for the logger.
  const app = await NestFactory.create(root, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(PinoNestLogger));
  // First of all: every later line of the request, and every answer, carries its id.
  app.use(requestIdMiddleware);
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
