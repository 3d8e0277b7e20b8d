import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import type { AppConfig } from '@council/core';
import { APP_CONFIG, HealthRegistry } from '@council/server';
import { reconcile } from '../reconciliation.js';
import { CITY_DB } from '../statistics.tokens.js';


/**
 * The city's figures checked against the district side's latest versions on a
 * schedule (a BullMQ job scheduler, so replicas share one run). It should
 * always find zero; anything else is logged and shown on /health.
 */
@Injectable()
export class ReconcileStatisticsProcessor implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger('Reconcile');
  readonly last = { at: null as string | null, drift: 0, rollupCells: 0, factMismatches: 0, behind: 0, inFlight: 0, sample: [] as unknown[] };

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
    @Inject(CITY_DB) private readonly city: DataSource,
    private readonly registry: JobRegistry,
    private readonly health: HealthRegistry,
    private readonly schedule: MaintenanceSchedule,
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
  }

  async run(): Promise<{ drift: number; inFlight: number }> {
    const r = await reconcile(this.district, this.city, this.graceMs);
    const drift = r.rollupCells.length + r.factMismatches.length + r.behind.length;
    const sample = [...r.rollupCells.slice(0, 3), ...r.factMismatches.slice(0, 3), ...r.behind.slice(0, 3).map((id) => `behind: ${id}`)];
    Object.assign(this.last, { at: new Date().toISOString(), drift, rollupCells: r.rollupCells.length, factMismatches: r.factMismatches.length, behind: r.behind.length, inFlight: r.inFlight, sample });
    if (drift) {
      this.log.error(
        `reconciliation: drift — ${r.rollupCells.length} total(s) ≠ facts, ${r.factMismatches.length} fact(s) ≠ district, ${r.behind.length} report(s) behind for over ${this.graceMs / 1000} s; e.g. ${JSON.stringify(sample)}`,
      );
    } else this.log.log(`reconciliation: 0 drift (${r.inFlight} report(s) in flight)`);
    return { drift, inFlight: r.inFlight };
  }
}
