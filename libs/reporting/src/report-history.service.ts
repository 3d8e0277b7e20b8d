import type { ReportHistory } from '@council/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * What the outlier warnings compare a report with: the unit's own highest
 * figure per metric in earlier quarters, and the median of its peers (same
 * province, same level, same quarter; at least five of them). Peer medians
 * move slowly and cost a scan, so they are kept for a minute.
 */
@Injectable()
export class ReportHistoryService {
  private readonly peerMemo = new Map<string, { at: number; medians: Map<string, number> }>();
  private static readonly PEER_MS = 60_000;
  private static readonly MIN_PEERS = 5;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async historyFor(unitCode: string, rootCode: string, level: string, period: string): Promise<ReportHistory> {
    const [rows, peerMedian] = await Promise.all([
      this.db.query(
        `SELECT rv.metric_code AS metric, max(rv.value)::int AS max
           FROM district.report r JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
          WHERE r.unit_code = $1 AND r.period < $2 AND r.version > 0
          GROUP BY rv.metric_code`,
        [unitCode, period],
      ) as Promise<{ metric: string; max: number }[]>,
      this.peerMedians(rootCode, level, period),
    ]);
    return { previousMax: new Map(rows.map((r) => [r.metric, r.max])), peerMedian };
  }

  /** Memoised for a minute per province, level and quarter. */
  async peerMedians(rootCode: string, level: string, period: string): Promise<Map<string, number>> {
    const key = `${rootCode}|${level}|${period}`;
    const hit = this.peerMemo.get(key);
    if (hit && Date.now() - hit.at < ReportHistoryService.PEER_MS) return hit.medians;
    const rows: { metric: string; median: number }[] = await this.db.query(
      `SELECT rv.metric_code AS metric, percentile_cont(0.5) WITHIN GROUP (ORDER BY rv.value) AS median
         FROM district.report r JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
        WHERE r.root_code = $1 AND r.unit_level = $2 AND r.period = $3 AND r.version > 0
        GROUP BY rv.metric_code HAVING count(*) >= $4`,
      [rootCode, level, period, ReportHistoryService.MIN_PEERS],
    );
    const medians = new Map(rows.map((r) => [r.metric, Number(r.median)]));
    if (this.peerMemo.size > 10_000) this.peerMemo.clear();
    this.peerMemo.set(key, { at: Date.now(), medians });
    return medians;
  }
}
