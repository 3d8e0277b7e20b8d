import { CouncilLevel } from '@council/core';
import type { CouncilUnitEntity } from '@council/hierarchy';
import type { MetricEntity } from '@council/metrics';

import { toSummaryModel } from './briefing-summary.mapper.js';
import type { BriefingSummaryData, LevelSummaryData } from './briefings.service.js';

const CITY = {
  code: '01',
  name: 'Thành phố Hà Nội',
  level: CouncilLevel.CITY,
  kind: 'thanh_pho',
  parentCode: null,
  rootCode: '01',
  validFrom: '2000-01-01',
  validTo: null,
  councilFrom: '2000-01-01',
  councilTo: null,
} as unknown as CouncilUnitEntity;
const CATALOGUE = [
  { code: 'resolutions.issued', nameVi: 'Nghị quyết ban hành', nameEn: 'Resolutions issued', group: 'resolutions' },
] as MetricEntity[];

function level(overrides: Partial<LevelSummaryData>): LevelSummaryData {
  return {
    level: CouncilLevel.DISTRICT,
    councils: 30,
    reported: 20,
    late: 0,
    values: new Map([['resolutions.issued', 9158]]),
    previous: new Map(),
    previousReported: 0,
    ...overrides,
  };
}

function changeOf(l: LevelSummaryData) {
  const data = {
    period: '2024Q1',
    previousPeriod: '2023Q4',
    asOf: new Date(),
    computedAt: new Date(),
    host: CITY,
    hostCode: '01',
    unitsAsOf: '2024-01-01',
    endedLevels: [],
    levels: [l],
    directives: { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 },
    units: [],
  } as BriefingSummaryData;
  const { metric, ...rest } = toSummaryModel(data, CATALOGUE).levels[0].changes[0];
  return { metric: metric.code, ...rest };
}

describe('the change against the previous period', () => {
  it('has no previous figure and no change when nobody at the level reported then (not "up by all of it")', () => {
    expect(changeOf(level({}))).toEqual({ metric: 'resolutions.issued', value: 9158, previous: null, change: null });
  });

  it('counts a metric nobody reported last time as 0 when the level did report', () => {
    expect(changeOf(level({ previousReported: 3 }))).toEqual({ metric: 'resolutions.issued', value: 9158, previous: 0, change: 9158 });
    expect(changeOf(level({ previousReported: 3, previous: new Map([['resolutions.issued', 9000]]) }))).toMatchObject({
      previous: 9000,
      change: 158,
    });
  });
});
