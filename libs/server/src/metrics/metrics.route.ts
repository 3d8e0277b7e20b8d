import type { AppConfig } from '@council/core';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { HealthRegistry } from '../health/health.registry.js';
import { isOperator } from '../operator-token.js';
import { MetricsRegistry } from './metrics.registry.js';
import { PrometheusMetrics } from './prometheus.js';

/** Routes named as they are; anything else by its matched pattern, or "unmatched" (a label per stray path would grow forever). */
const KNOWN_ROUTES = new Set(['/graphql', '/health', '/metrics']);

/**
 * GET /metrics in Prometheus' text format, for the operator's token only (like /health's details), and the timing of
 * every request. Registered before Nest's routes; the probes are read from the app's HealthRegistry at scrape time.
 */
export function serveMetrics(app: INestApplication, name: string, config: AppConfig): PrometheusMetrics {
  const metrics = new PrometheusMetrics(
    name,
    () => app.get(HealthRegistry, { strict: false }).probes,
    app.get(MetricsRegistry, { strict: false }).registry,
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    // Read now: routers mounted below rewrite req.url (Apollo's sees "/") before the response finishes.
    const path = req.path;
    res.on('finish', () => {
      const route = KNOWN_ROUTES.has(path) ? path : ((req.route as { path?: string } | undefined)?.path ?? 'unmatched');
      const operation = (req.body as { operationName?: unknown } | undefined)?.operationName;
      metrics.observeRequest(
        route,
        typeof operation === 'string' ? operation : undefined,
        res.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    if (req.method !== 'GET' || req.path !== '/metrics') return next();
    if (!isOperator(req.headers.authorization, config.operatorToken)) {
      res.status(404).json({ message: 'Không có địa chỉ này', messageEn: 'No such address', code: 'NOT_FOUND' });
      return;
    }
    metrics
      .scrape()
      .then((text) => res.type(metrics.registry.contentType).send(text))
      .catch(next);
  });
  return metrics;
}
