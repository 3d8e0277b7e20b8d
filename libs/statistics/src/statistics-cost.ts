import { LIST_SIZES, StatisticsBasis, unitsEstimate } from '@council/core';

import { StatisticsDimension, type StatisticsQueryInput } from './dto/statistics-query.input.js';

/**
 * The rows `statistics(query)` returns, as reckoned before it runs: one per cell of the dimensions it groups by —
 * periods × metrics (all when none are named) × units of `unitLevel` in `scope` × levels.
 */
export function statisticsRows(query: Partial<StatisticsQueryInput> | undefined): number {
  let rows = 1;
  for (const dimension of new Set(query?.groupBy ?? [])) {
    if (dimension === StatisticsDimension.PERIOD) rows *= query?.periods?.length || 1;
    else if (dimension === StatisticsDimension.METRIC) rows *= query?.metrics?.length || LIST_SIZES.metrics;
    else if (dimension === StatisticsDimension.LEVEL) rows *= LIST_SIZES.levels;
    else rows *= unitsEstimate(query?.unitLevel, query?.scope);
  }
  return rows;
}

/**
 * The units `notComparable` can list: none unless today's units are asked for by unit, then at most one per unit and
 * period asked.
 */
export function notComparableRows(query: Partial<StatisticsQueryInput> | undefined): number {
  if (query?.basis !== StatisticsBasis.CURRENT_UNITS || !query.groupBy?.includes(StatisticsDimension.UNIT)) return 0;
  return unitsEstimate(query.unitLevel, query.scope) * (query.periods?.length || 1);
}
