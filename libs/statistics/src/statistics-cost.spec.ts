import { CouncilLevel, LIST_SIZES, StatisticsBasis } from '@council/core';

import { StatisticsDimension } from './dto/statistics-query.input.js';
import { notComparableRows, statisticsRows } from './statistics-cost.js';

const { LEVEL, METRIC, PERIOD, UNIT } = StatisticsDimension;

describe('statisticsRows', () => {
  it('is periods × metrics × units × levels, for the dimensions grouped by', () => {
    const q = { periods: ['2024Q1', '2024Q2'], metrics: ['a', 'b', 'c'], unitLevel: CouncilLevel.WARD };
    expect(statisticsRows({ ...q, groupBy: [UNIT, METRIC, PERIOD] })).toBe(2 * 3 * LIST_SIZES.units);
    expect(statisticsRows({ ...q, groupBy: [LEVEL, METRIC] })).toBe(LIST_SIZES.levels * 3);
    expect(statisticsRows({ ...q, groupBy: [] })).toBe(1);
    expect(statisticsRows({ ...q, groupBy: [PERIOD, PERIOD] })).toBe(2);
  });

  it('counts every metric when none are named, and the units below the scope when no level is', () => {
    expect(statisticsRows({ periods: ['2024'], groupBy: [METRIC] })).toBe(LIST_SIZES.metrics);
    expect(statisticsRows({ periods: ['2024'], groupBy: [UNIT], scope: '009' })).toBe(LIST_SIZES.children);
    expect(statisticsRows({ periods: ['2024'], groupBy: [UNIT], scope: 'VN', unitLevel: CouncilLevel.CITY })).toBe(LIST_SIZES.provinces);
  });
});

describe('notComparableRows', () => {
  it('is nothing as reported, and one per unit and period re-based onto today’s units', () => {
    const q = { periods: ['2024', '2025'], unitLevel: CouncilLevel.WARD, groupBy: [UNIT, METRIC] };
    expect(notComparableRows(q)).toBe(0);
    expect(notComparableRows({ ...q, basis: StatisticsBasis.CURRENT_UNITS })).toBe(2 * LIST_SIZES.units);
    expect(notComparableRows({ ...q, groupBy: [METRIC], basis: StatisticsBasis.CURRENT_UNITS })).toBe(0);
  });
});
