import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { JobRegistry, type JobContext, type ReportSnapshot } from '@council/messaging';
import { rollupDelta, type FactContribution } from '../rollup-delta.js';
import { RollupCompactor } from '../rollup-compactor.js';
import { CITY_DB } from '../statistics.tokens.js';

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

/**
 * Applies report snapshots to the city's figures. One transaction per event:
 * the inbox row (a duplicate ends here), the fact (only a newer revision
 * replaces it: a late-arriving old snapshot changes nothing), and the rollup
 * deltas, inserted for the compactor to fold in (so events touching the same
 * totals don't queue behind each other's locks).
 */
@Injectable()
export class ReportSnapshotProcessor implements OnModuleInit {
  constructor(
    @Inject(CITY_DB) private readonly db: DataSource,
    private readonly registry: JobRegistry,
    private readonly compactor: RollupCompactor,
  ) {}

  onModuleInit(): void {
    for (const type of ['ReportSubmitted', 'ReportReturned', 'ReportAccepted', 'ReportDeadlineChanged'] as const) {
      this.registry.register(type, (payload, job) => this.handle(type, payload, job));
    }
  }

  private async handle(type: string, snapshot: ReportSnapshot, job: JobContext): Promise<void> {
    const outcome = await this.apply(job.id, type, snapshot, job.occurredAt);
    if (outcome === 'applied') await this.compactor.applied(snapshot.period, job.occurredAt);
  }

  async apply(eventId: string, type: string, s: ReportSnapshot, occurredAt?: string): Promise<ApplyOutcome> {
    return this.db.transaction(async (tx) => {
      const fresh = await tx.query(`INSERT INTO city.inbox_event (event_id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`, [eventId, type]);
      if (fresh.length === 0) return 'duplicate';
      // A placeholder row first, so concurrent events for a new report serialise on its lock.
      await tx.query(
        `INSERT INTO city.report_fact (report_id, unit_code, unit_level, root_code, district_code, period, version, revision, status, counts, late, values, applied_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 'NONE', false, false, '{}', now()) ON CONFLICT (report_id) DO NOTHING`,
        [s.reportId, s.unitCode, s.unitLevel, s.rootCode, s.districtCode, s.period],
      );
      const [old] = await tx.query(`SELECT revision, counts, values FROM city.report_fact WHERE report_id = $1 FOR UPDATE`, [s.reportId]);
      if (old.revision >= s.revision) return 'stale';
      const base = { unitCode: s.unitCode, unitLevel: s.unitLevel, rootCode: s.rootCode, districtCode: s.districtCode, period: s.period };
      const before: FactContribution = { ...base, counts: old.counts, values: old.values };
      const after: FactContribution = { ...base, counts: s.counts, values: s.values };
      await tx.query(
        `UPDATE city.report_fact SET version = $2, revision = $3, status = $4, counts = $5, late = $6, due_date = $7, first_submitted_at = $8,
                values = $9, occurred_at = $10, applied_at = now() WHERE report_id = $1`,
        [s.reportId, s.version, s.revision, s.status, s.counts, s.late, s.dueDate, s.firstSubmittedAt, JSON.stringify(s.values), occurredAt ?? s.changedAt],
      );
      const deltas = rollupDelta(before, after);
      if (deltas.length) {
        await tx.query(
          `INSERT INTO city.rollup_delta (scope_code, level, period, metric_code, delta)
           SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::bigint[])`,
          [deltas.map((d) => d.scopeCode), deltas.map((d) => d.level), deltas.map((d) => d.period), deltas.map((d) => d.metricCode), deltas.map((d) => d.delta)],
        );
      }
      return 'applied';
    });
  }
}
