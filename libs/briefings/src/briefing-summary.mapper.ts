import { CouncilUnitModel } from '@council/hierarchy';
import { type MetricEntity, MetricModel } from '@council/metrics';

import type { BriefingSummaryData } from './briefings.service.js';
import type { BriefingSummaryModel } from './models/briefing-summary.model.js';

/** The GraphQL shape of a summary: every metric of the catalogue in its order, 0 where nothing was reported. */
export function toSummaryModel(data: BriefingSummaryData, catalogue: readonly MetricEntity[]): BriefingSummaryModel {
  const metrics = catalogue.map((m) => ({ code: m.code, model: MetricModel.from(m) }));
  return {
    period: data.period,
    previousPeriod: data.previousPeriod,
    asOf: data.asOf,
    computedAt: data.computedAt,
    hostCode: data.hostCode,
    host: CouncilUnitModel.from(data.host, data.unitsAsOf),
    directives: data.directives,
    endedLevels: data.endedLevels,
    levels: data.levels.map((l) => ({
      level: l.level,
      councils: l.councils,
      reported: l.reported,
      late: l.late,
      values: metrics.map((m) => ({ metric: m.model, value: l.values.get(m.code) ?? 0 })),
      // No council of the level reported in the previous period: nothing to compare with (not "up by all of it").
      changes: metrics.map((m) => {
        const value = l.values.get(m.code) ?? 0;
        if (!l.previousReported) return { metric: m.model, value, previous: null, change: null };
        const previous = l.previous.get(m.code) ?? 0;
        return { metric: m.model, value, previous, change: value - previous };
      }),
    })),
    units: data.units.map((r) => ({ ...r, unit: CouncilUnitModel.from(r.unit, data.unitsAsOf) })),
  };
}
