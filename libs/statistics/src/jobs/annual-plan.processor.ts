import { type AnnualPlanSnapshot, type JobContext, JobRegistry } from '@council/messaging';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CITY_DB } from '../statistics.tokens.js';

/** Applies a council's annual targets on the city side: inbox, then the newer revision wins. */
@Injectable()
export class AnnualPlanProcessor implements OnModuleInit {
  constructor(
    @Inject(CITY_DB) private readonly db: DataSource,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('AnnualPlanSet', (payload, job) => this.apply(job, payload));
  }

  async apply(job: JobContext, p: AnnualPlanSnapshot): Promise<void> {
    await this.db.transaction(async (tx) => {
      const fresh = await tx.query(
        `INSERT INTO city.inbox_event (event_id, type) VALUES ($1, 'AnnualPlanSet') ON CONFLICT DO NOTHING RETURNING event_id`,
        [job.id],
      );
      if (fresh.length === 0) return;
      await tx.query(
        `INSERT INTO city.plan_fact (plan_id, unit_code, unit_level, root_code, district_code, year, revision, targets, applied_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (plan_id) DO UPDATE SET revision = EXCLUDED.revision, targets = EXCLUDED.targets, applied_at = now()
         WHERE plan_fact.revision < EXCLUDED.revision`,
        [p.planId, p.unitCode, p.unitLevel, p.rootCode, p.districtCode, p.year, p.revision, JSON.stringify(p.targets)],
      );
    });
  }
}
