import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { HealthProbe } from '../health/health.registry.js';

/** Metric names: `council_` and what Prometheus allows. */
const metricName = (...parts: string[]) => `council_${parts.join('_')}`.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_+/g, '_');

/** Label values from client input are kept to a known shape, and their number bounded, so a caller cannot flood the registry. */
const MAX_OPERATIONS = 200;

/**
 * One process's Prometheus registry: Node's defaults (CPU, memory, event-loop lag, handles), HTTP requests by route,
 * GraphQL operation and status with their latency, and every number the process's /health probes report (queue
 * depths and dead letters, outbox backlog, rollups waiting, reconciliation drift…), read at scrape time so the two
 * never disagree.
 */
export class PrometheusMetrics {
  private readonly requests: Histogram<'route' | 'operation' | 'status'>;
  private readonly operations = new Set<string>();
  private readonly probeGauges = new Map<string, Gauge<'key'>>();

  constructor(
    app: string,
    private readonly probes: () => Iterable<[string, HealthProbe]>,
    /** The app's registry (MetricsRegistry), where the libs' own series are too. */
    readonly registry = new Registry(),
  ) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry, prefix: 'council_' });
    this.requests = new Histogram({
      name: 'council_http_request_duration_seconds',
      help: 'HTTP requests by route, GraphQL operation (its name) and status, with their duration',
      labelNames: ['route', 'operation', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    new Counter({
      name: 'council_probe_failures_total',
      help: 'Scrapes whose /health probe threw (its values are then missing)',
      labelNames: ['probe'],
      registers: [this.registry],
    });
  }

  /** Records one HTTP request. */
  observeRequest(route: string, operation: string | undefined, status: number, seconds: number): void {
    this.requests.observe({ route, operation: this.operationLabel(operation), status: String(status) }, seconds);
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return '';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,59}$/.test(name)) return 'invalid';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** The text Prometheus scrapes, with the probes read now. */
  async scrape(): Promise<string> {
    for (const gauge of this.probeGauges.values()) gauge.reset();
    for (const [probe, read] of this.probes()) {
      try {
        this.setProbe(probe, await read());
      } catch {
        (this.registry.getSingleMetric('council_probe_failures_total') as Counter<'probe'>).inc({ probe });
      }
    }
    return this.registry.metrics();
  }

  /**
   * A probe's numbers as gauges: `{ drift: 0 }` of "reconciliation" is `council_reconciliation_drift 0`; one level of
   * keyed objects becomes a label, so `{ "district-events": { waiting: 3 } }` of "queues" is
   * `council_queues_waiting{key="district-events"} 3`. Booleans count as 0/1; text and lists are left out.
   */
  private setProbe(probe: string, value: Record<string, unknown>): void {
    const set = (name: string, key: string, v: unknown) => {
      const n = typeof v === 'boolean' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) return;
      const metric = metricName(probe, name);
      let gauge = this.probeGauges.get(metric);
      if (!gauge) {
        gauge = new Gauge({ name: metric, help: `/health probe "${probe}": ${name}`, labelNames: ['key'], registers: [this.registry] });
        this.probeGauges.set(metric, gauge);
      }
      gauge.set({ key }, n);
    };
    for (const [k, v] of Object.entries(value)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [leaf, x] of Object.entries(v as Record<string, unknown>)) set(leaf, k, x);
      } else set(k, '', v);
    }
  }
}
