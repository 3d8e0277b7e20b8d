import { Injectable } from '@nestjs/common';
import { Counter, type CounterConfiguration, Gauge, Histogram, type HistogramConfiguration, Registry } from 'prom-client';

/** One series of a gauge: its labels and its value. */
export type Sample = [labels: Record<string, string>, value: number];
export type SampleReader = () => Promise<Sample[]> | Sample[];

/**
 * The process's Prometheus registry, for the lib that knows a figure to register it where the fact is (queues and the
 * outbox in messaging, connection pools in database, reconciliation in sync…); /metrics scrapes it. One per app, not a
 * module-level one: tests run several apps in one process.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly readers = new Map<string, SampleReader[]>();
  private readonly failures = new Counter({
    name: 'council_metric_read_failures_total',
    help: 'Scrapes where reading a gauge failed (its series are then missing from that scrape)',
    labelNames: ['metric'],
    registers: [this.registry],
  });

  /**
   * A gauge read at scrape time. Several sources may add their series to one name (both outboxes, every pool): the
   * first one's help and labels stand. A reader that throws leaves its series out and counts a failure, and the
   * scrape goes on.
   */
  gauge(name: string, help: string, labelNames: string[], read: SampleReader): void {
    let readers = this.readers.get(name);
    if (!readers) {
      const list: SampleReader[] = [];
      const failures = this.failures;
      readers = list;
      this.readers.set(name, list);
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const r of list) {
            try {
              for (const [labels, value] of await r()) this.set(labels, value);
            } catch {
              failures.inc({ metric: name });
            }
          }
        },
      });
    }
    readers.push(read);
  }

  /** A histogram, the same one for every caller of a name. */
  histogram<T extends string>(config: Omit<HistogramConfiguration<T>, 'registers'>): Histogram<T> {
    const known = this.registry.getSingleMetric(config.name) as Histogram<T> | undefined;
    return known ?? new Histogram<T>({ ...config, registers: [this.registry] });
  }

  /** A counter, the same one for every caller of a name. */
  counter<T extends string>(config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T> {
    const known = this.registry.getSingleMetric(config.name) as Counter<T> | undefined;
    return known ?? new Counter<T>({ ...config, registers: [this.registry] });
  }
}

/** Seconds since a moment (0 for none, and never below 0: two machines' clocks may disagree a little). */
export const secondsSince = (at: Date | number | string | null | undefined, now = Date.now()): number =>
  at === null || at === undefined ? 0 : Math.max(0, (now - new Date(at).getTime()) / 1000);
