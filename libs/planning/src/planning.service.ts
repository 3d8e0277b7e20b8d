import { type RequestContext, UnitScopeService } from '@council/auth';
import {
  checkYear,
  CouncilLevel,
  districtCodeOf,
  hasBlockingFindings,
  InvalidInputError,
  toInvalidInputError,
  validateFigures,
} from '@council/core';
import { appendDistrictEvent, OutboxNotifier } from '@council/messaging';
import { MetricsService } from '@council/metrics';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { AnnualPlanEntity } from './annual-plan.entity.js';
import type { AnnualPlanInput } from './dto/annual-plan.input.js';

const MAX_NOTE = 2000;

@Injectable()
export class PlanningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: UnitScopeService,
    private readonly metrics: MetricsService,
    private readonly outbox: OutboxNotifier,
  ) {}

  /** Set (or replace) a council's targets for a year; the city gets the new copy through the outbox. */
  async setPlan(ctx: RequestContext, input: AnnualPlanInput): Promise<AnnualPlanEntity> {
    const user = ctx.requireUser();
    checkYear(input.year, 'input.year');
    if ((input.note?.length ?? 0) > MAX_NOTE)
      throw new InvalidInputError('input.note', { vi: `Ghi chú tối đa ${MAX_NOTE} ký tự`, en: `Note: at most ${MAX_NOTE} characters` });
    const unit = await this.scope.writable(ctx, input.unitCode, `${input.year}-01-01`, 'input.unitCode');
    const findings = validateFigures(input.targets, unit.level, await this.metrics.byCode());
    if (hasBlockingFindings(findings)) {
      const e = toInvalidInputError(findings);
      // Targets arrive as `input.targets`, not `input.values`.
      throw new InvalidInputError(
        e.field.replace(/^input\.values/, 'input.targets'),
        { vi: e.message, en: e.messageEn },
        { rules: e.details.rules },
      );
    }
    const targets = input.targets.map((t) => ({ metric: t.metric, value: t.value }));
    const plan = await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO district.annual_plan (unit_code, unit_level, root_code, district_code, year, targets, note, revision, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
         ON CONFLICT (unit_code, year) DO UPDATE SET targets = EXCLUDED.targets, note = EXCLUDED.note,
           revision = annual_plan.revision + 1, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [
          unit.code,
          unit.level,
          unit.rootCode,
          districtCodeOf(unit),
          input.year,
          JSON.stringify(targets),
          input.note ?? null,
          user.username,
        ],
      );
      const plan = await tx.getRepository(AnnualPlanEntity).findOneByOrFail({ unitCode: unit.code, year: input.year });
      await appendDistrictEvent(tx, plan.id, {
        type: 'AnnualPlanSet',
        payload: {
          planId: plan.id,
          unitCode: plan.unitCode,
          unitLevel: plan.unitLevel as CouncilLevel,
          rootCode: plan.rootCode,
          districtCode: plan.districtCode,
          year: plan.year,
          revision: plan.revision,
          targets: Object.fromEntries(plan.targets.map((t) => [t.metric, t.value])),
          changedAt: new Date().toISOString(),
        },
      });
      return plan;
    });
    this.outbox.notify();
    return plan;
  }

  async getPlan(ctx: RequestContext, unitCode: string, year: number): Promise<AnnualPlanEntity | null> {
    await this.scope.readable(ctx, unitCode, `${year}-01-01`, 'unitCode');
    return this.db.getRepository(AnnualPlanEntity).findOneBy({ unitCode, year });
  }
}
