import { compareCodes } from '@council/core';
import { GroupCommit, type JobContext, JobRegistry, type ReportSnapshot } from '@council/messaging';
import { currentRequestId, HealthRegistry } from '@council/server';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { RollupCompactor } from '../rollup-compactor.js';
import { type FactContribution, type RollupDelta, rollupDelta, sumDeltas } from '../rollup-delta.js';
import { CITY_DB } from '../statistics.tokens.js';

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

export interface SnapshotEvent {
  eventId: string;
  type: string;
  snapshot: ReportSnapshot;
  occurredAt?: string;
  /** The request that wrote the event (a batch mixes requests: each event keeps its own, for the trace). */
  requestId?: string;
}

interface FactState {
  revision: number;
  counts: boolean;
  values: Record<string, number>;
}

/**
 * Applies report snapshots to the city's figures. Each event is applied in
 * one transaction with its inbox row (a duplicate changes nothing), its fact
 * (only a newer revision replaces it: a late-arriving old snapshot changes
 * nothing) and its rollup deltas, inserted for the compactor to fold in (so
 * events touching the same totals don't queue behind each other's locks).
 * Events that arrive together share that transaction (GroupCommit): a burst
 * of reports costs a handful of statements per batch, not per report.
 */
@Injectable()
export class ReportSnapshotProcessor implements OnModuleInit {
  private readonly group = new GroupCommit<SnapshotEvent, ApplyOutcome>((events) => this.applyAll(events), { maxBatch: 64, parallel: 4 });

  constructor(
    @Inject(CITY_DB) private readonly db: DataSource,
    private readonly registry: JobRegistry,
    private readonly compactor: RollupCompactor,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('report-snapshots', async () => ({ ...this.group.stats }));
    for (const type of ['ReportSubmitted', 'ReportReturned', 'ReportAccepted', 'ReportDeadlineChanged'] as const) {
      this.registry.register(type, (snapshot, job: JobContext) =>
        this.group
          .submit({ eventId: job.id, type, snapshot, occurredAt: job.occurredAt, requestId: currentRequestId() })
          .then(() => undefined),
      );
    }
  }

  /** Applies the events in one transaction, in order; then tells the compactor and live screens. */
  async applyAll(events: SnapshotEvent[]): Promise<ApplyOutcome[]> {
    const outcomes = await this.db.transaction((tx) => this.write(tx, events));
    await this.compactor.applied(
      events
        .filter((_, i) => outcomes[i] === 'applied')
        .map((e) => ({ period: e.snapshot.period, occurredAt: e.occurredAt, requestId: e.requestId })),
    );
    return outcomes;
  }

  private async write(tx: EntityManager, events: SnapshotEvent[]): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = events.map(() => 'duplicate');
    // The inbox (in key order: one lock order for concurrent batches), and a placeholder fact for each new
    // report so that concurrent events for it serialise on its row lock; an event twice in one batch counts once.
    const firstOf = new Map<string, number>();
    events.forEach((e, i) => firstOf.has(e.eventId) || firstOf.set(e.eventId, i));
    const input = [...firstOf.entries()]
      .sort(([a], [b]) => compareCodes(a, b))
      .map(([id, i]) => {
        const s = events[i].snapshot;
        return {
          event_id: id,
          type: events[i].type,
          report_id: s.reportId,
          unit_code: s.unitCode,
          unit_level: s.unitLevel,
          root_code: s.rootCode,
          district_code: s.districtCode,
          period: s.period,
        };
      });
    const fresh = new Set<string>(
      (
        await tx.query(
          `WITH input AS (
             SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(event_id uuid, type varchar, report_id uuid, unit_code varchar, unit_level varchar,
                                                             root_code varchar, district_code varchar, period varchar)),
           fresh AS (
             INSERT INTO city.inbox_event (event_id, type) SELECT event_id, type FROM input ORDER BY event_id
             ON CONFLICT DO NOTHING RETURNING event_id),
           placed AS (
             INSERT INTO city.report_fact (report_id, unit_code, unit_level, root_code, district_code, period, version, revision, status, counts, late, values, applied_at)
             SELECT DISTINCT ON (i.report_id) i.report_id, i.unit_code, i.unit_level, i.root_code, i.district_code, i.period, 0, 0, 'NONE', false, false, '{}'::jsonb, now()
               FROM input i JOIN fresh USING (event_id) ORDER BY i.report_id
             ON CONFLICT (report_id) DO NOTHING)
           SELECT event_id FROM fresh`,
          [JSON.stringify(input)],
        )
      ).map((r: { event_id: string }) => r.event_id),
    );
    const todo = [...firstOf.entries()]
      .filter(([id]) => fresh.has(id))
      .map(([, i]) => i)
      .sort((a, b) => a - b);
    if (todo.length === 0) return outcomes;
    const reportIds = [...new Set(todo.map((i) => events[i].snapshot.reportId))].sort(compareCodes);
    const held: { report_id: string; revision: number; counts: boolean; values: Record<string, number> }[] = await tx.query(
      `SELECT report_id, revision, counts, values FROM city.report_fact WHERE report_id = ANY($1::uuid[]) ORDER BY report_id FOR UPDATE`,
      [reportIds],
    );
    const state = new Map<string, FactState>(held.map((r) => [r.report_id, { revision: r.revision, counts: r.counts, values: r.values }]));

    // In arrival order: an older revision behind a newer one (same batch or not) changes nothing.
    const deltas: RollupDelta[] = [];
    const latest = new Map<string, SnapshotEvent>();
    for (const i of todo) {
      const e = events[i];
      const s = e.snapshot;
      const old = state.get(s.reportId)!;
      if (old.revision >= s.revision) {
        outcomes[i] = 'stale';
        continue;
      }
      const base = { unitCode: s.unitCode, unitLevel: s.unitLevel, rootCode: s.rootCode, districtCode: s.districtCode, period: s.period };
      const before: FactContribution = { ...base, counts: old.counts, values: old.values };
      const after: FactContribution = { ...base, counts: s.counts, values: s.values };
      deltas.push(...rollupDelta(before, after));
      state.set(s.reportId, { revision: s.revision, counts: s.counts, values: s.values });
      latest.set(s.reportId, e);
      outcomes[i] = 'applied';
    }
    if (latest.size === 0) return outcomes;

    const summed = sumDeltas(deltas);
    // The facts and the deltas in one statement (a data-modifying WITH runs whether or not anything reads it).
    await tx.query(
      `WITH updated AS (
         UPDATE city.report_fact f SET version = n.version, revision = n.revision, status = n.status, counts = n.counts, late = n.late,
                due_date = n.due_date, first_submitted_at = n.first_submitted_at, values = n.values, occurred_at = n.occurred_at, applied_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS n(report_id uuid, version int, revision int, status varchar, counts boolean, late boolean,
                                                   due_date date, first_submitted_at timestamptz, values jsonb, occurred_at timestamptz)
          WHERE f.report_id = n.report_id)
       INSERT INTO city.rollup_delta (scope_code, level, period, metric_code, delta)
       SELECT * FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::bigint[])`,
      [
        JSON.stringify(
          [...latest.values()].map(({ snapshot: s, occurredAt }) => ({
            report_id: s.reportId,
            version: s.version,
            revision: s.revision,
            status: s.status,
            counts: s.counts,
            late: s.late,
            due_date: s.dueDate,
            first_submitted_at: s.firstSubmittedAt,
            values: s.values,
            occurred_at: occurredAt ?? s.changedAt,
          })),
        ),
        summed.map((d) => d.scopeCode),
        summed.map((d) => d.level),
        summed.map((d) => d.period),
        summed.map((d) => d.metricCode),
        summed.map((d) => d.delta),
      ],
    );
    return outcomes;
  }
}
