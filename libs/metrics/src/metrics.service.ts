import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { MetricEntity } from './metric.entity.js';

/**
 * The metric catalogue. It changes rarely (an administrator adds a metric) and
 * is read on every report, so it is kept in memory for a short while.
 */
@Injectable()
export class MetricsService {
  private cache: { at: number; rows: MetricEntity[]; byCode: Map<string, MetricEntity> } | null = null;
  private static readonly TTL_MS = 30_000;

  constructor(@InjectRepository(MetricEntity) private readonly metrics: Repository<MetricEntity>) {}

  async list(): Promise<MetricEntity[]> {
    return (await this.load()).rows;
  }

  async byCode(): Promise<ReadonlyMap<string, MetricEntity>> {
    return (await this.load()).byCode;
  }

  invalidate(): void {
    this.cache = null;
  }

  private async load() {
    if (this.cache && Date.now() - this.cache.at < MetricsService.TTL_MS) return this.cache;
    const rows = await this.metrics.find({ where: { active: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
    this.cache = { at: Date.now(), rows, byCode: new Map(rows.map((m) => [m.code, m])) };
    return this.cache;
  }
}
