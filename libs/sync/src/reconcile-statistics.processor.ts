import type { AppConfig } from '@council/core';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import { APP_CONFIG, HealthRegistry, MetricsRegistry } from '@council/server';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { reconcile, type ReconciliationSummary, reconciliationText, summarizeReconciliation } from './reconciliation.js';
import { SYNC_CITY_DB } from './sync.tokens.js';

/**
 * The city's figures checked against the district side's latest versions on a
 * schedule (a BullMQ job scheduler, so replicas share one run). It should
 * always find zero; anything else is logged as an error and shown on /health.
 */
@Injectable()
export class ReconcileStatisticsProcessor implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger('Reconcile');
  /** The last run, as /health shows it; `at` is when that check began (the figures are as of then). */
  readonly last: { at: string | null } & ReconciliationSummary = {
    at: null,
    drift: 0,
    rollupCells: 0,
    factMismatches: 0,
    behind: 0,
    inFlight: 0,
    sample: [],
  };

  /**
   * How long a report may be in flight before it counts as lost (RECONCILE_GRACE_MS): by default longer than a
   * killed worker's job takes to be retried (lock 10 s + stall check 5 s) plus a lost job's resend (5 s), with room
   * for a busy machine.
   */
  private readonly graceMs: number;
  private readonly everyMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly district: DataSource,
    @Inject(SYNC_CITY_DB) private readonly city: DataSource,
    private readonly registry: JobRegistry,
    private readonly health: HealthRegistry,
    private readonly schedule: MaintenanceSchedule,
    private readonly metrics: MetricsRegistry,
  ) {
    this.graceMs = config.schedules.reconcileGraceMs;
    this.everyMs = config.schedules.reconcileEveryMs;
  }

  onModuleInit(): void {
    this.registry.register('ReconcileStatistics', () => this.run().then(() => undefined));
    this.schedule.every('ReconcileStatistics', this.everyMs);
  }

  onApplicationBootstrap(): void {
    this.health.register('reconciliation', async () => ({ ...this.last }));
    this.metrics.gauge(
      'council_reconciliation_drift',
      "The last reconciliation's drift between the city and the district side by kind; their sum should be 0",
      ['kind'],
      () => [
        [{ kind: 'rollup_cells' }, this.last.rollupCells],
        [{ kind: 'fact_mismatches' }, this.last.factMismatches],
        [{ kind: 'behind' }, this.last.behind],
      ],
    );
    this.metrics.gauge(
      'council_reconciliation_last_run_timestamp_seconds',
      'When the last reconciliation began (Unix time; absent before the first run)',
      [],
      () => (this.last.at ? [[{}, Date.parse(this.last.at) / 1000]] : []),
    );
  }

  async run(): Promise<{ drift: number; inFlight: number }> {
    const at = new Date().toISOString();
    const summary = summarizeReconciliation(await reconcile(this.district, this.city, this.graceMs));
    // A run that began before the one shown (an overlapping manual run) must not replace it with older figures.
    if (this.last.at === null || at >= this.last.at) Object.assign(this.last, { at, ...summary });
    if (summary.drift) this.log.error(`reconciliation: ${reconciliationText(summary, this.graceMs)}`);
    else this.log.log(`reconciliation: ${reconciliationText(summary, this.graceMs)}`);
    return { drift: summary.drift, inFlight: summary.inFlight };
  }
}
