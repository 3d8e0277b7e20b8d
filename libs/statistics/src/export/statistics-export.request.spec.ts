import { StatisticsBasis } from '@council/core';

import { exportParameters, exportRequestFromBody, exportRequestFromLink } from './statistics-export.request.js';

const field = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { details: { field: string } }).details.field;
  }
  return null;
};

describe('statistics export requests', () => {
  it('reads a link: lists comma-separated or repeated, defaults as GraphQL has them', () => {
    const r = exportRequestFromLink({ periods: ['2024Q1,2024Q2', '2024Q3'], groupBy: 'UNIT,METRIC', unitLevel: 'WARD', scope: '017' });
    expect(r).toEqual({
      query: {
        periods: ['2024Q1', '2024Q2', '2024Q3'],
        metrics: null,
        scope: '017',
        groupBy: ['UNIT', 'METRIC'],
        unitLevel: 'WARD',
        basis: StatisticsBasis.AS_REPORTED,
      },
      basis: StatisticsBasis.AS_REPORTED,
    });
    expect(exportParameters(r)).toEqual([
      ['periods', '2024Q1,2024Q2,2024Q3'],
      ['scope', '017'],
      ['groupBy', 'UNIT,METRIC'],
      ['unitLevel', 'WARD'],
      ['basis', 'AS_REPORTED'],
    ]);
    expect(exportRequestFromLink({ periods: '2024', groupBy: '' }).query.groupBy).toEqual([]);
  });

  it('refuses what GraphQL would refuse, naming the field', () => {
    expect(field(() => exportRequestFromLink({ groupBy: 'METRIC' }))).toBe('query.periods');
    expect(field(() => exportRequestFromLink({ periods: '2024' }))).toBe('query.groupBy');
    expect(field(() => exportRequestFromLink({ periods: '2024', groupBy: 'METRIC,COLOUR' }))).toBe('query.groupBy[1]');
    expect(field(() => exportRequestFromLink({ periods: '2024', groupBy: 'UNIT', unitLevel: 'PROVINCE' }))).toBe('query.unitLevel');
    expect(field(() => exportRequestFromLink({ periods: '2024', groupBy: 'UNIT', scope: ['01', '017'] }))).toBe('query.scope');
    expect(field(() => exportRequestFromLink({ periods: '2024', groupBy: 'UNIT', basis: 'TODAY' }))).toBe('basis');
    expect(field(() => exportRequestFromLink({ periods: '2024', groupBy: 'UNIT', metric: 'x' }))).toBe('metric');
  });

  it('reads the GraphQL variables as JSON, with their types checked', () => {
    const query = { periods: ['2024'], metrics: ['resolutions.issued'], groupBy: ['METRIC'] };
    expect(exportRequestFromBody({ query }).query).toEqual({ ...query, scope: null, unitLevel: null, basis: StatisticsBasis.AS_REPORTED });
    expect(exportRequestFromBody({ query, basis: 'CURRENT_UNITS' }).query.basis).toBe(StatisticsBasis.CURRENT_UNITS);
    expect(field(() => exportRequestFromBody({ periods: ['2024'] }))).toBe('query');
    expect(field(() => exportRequestFromBody(null))).toBe('query');
    expect(field(() => exportRequestFromBody({ query: { ...query, periods: [2024] } }))).toBe('query.periods');
    expect(field(() => exportRequestFromBody({ query: { ...query, periods: '2024' } }))).toBe('query.periods');
    expect(field(() => exportRequestFromBody({ query: { ...query, extra: 1 } }))).toBe('query.extra');
  });
});
