import { loadConfig } from './config.js';
import { CouncilLevel } from './levels.js';
import { LIST_SIZES, queryBudget, QueryTimedOutError, QueryTooLargeError, ResponseTooLargeError, unitsEstimate } from './query-cost.js';
import { Role } from './roles.js';

describe('unitsEstimate', () => {
  it('reckons the units of a level under a scope: the city by default, a district, the country', () => {
    expect(unitsEstimate(CouncilLevel.WARD)).toBe(LIST_SIZES.units);
    expect(unitsEstimate(CouncilLevel.DISTRICT, '01')).toBe(LIST_SIZES.districts);
    expect(unitsEstimate(CouncilLevel.CITY)).toBe(1);
    expect(unitsEstimate(CouncilLevel.WARD, '009')).toBe(LIST_SIZES.children);
    expect(unitsEstimate(CouncilLevel.DISTRICT, '009')).toBe(1);
    expect(unitsEstimate(CouncilLevel.WARD, '00457')).toBe(1);
    expect(unitsEstimate(CouncilLevel.CITY, 'VN')).toBe(LIST_SIZES.provinces);
    expect(unitsEstimate(CouncilLevel.WARD, 'VN')).toBe(LIST_SIZES.provinces * LIST_SIZES.units);
  });

  it('takes the level just below the scope when none is named', () => {
    expect(unitsEstimate(null)).toBe(LIST_SIZES.districts);
    expect(unitsEstimate(undefined, '009')).toBe(LIST_SIZES.children);
    expect(unitsEstimate(null, 'VN')).toBe(LIST_SIZES.provinces);
  });
});

describe('queryBudget', () => {
  it('gives each role its own, and a caller not signed in the smallest', () => {
    const config = loadConfig({ GRAPHQL_BUDGET_VIEWER: '500', GRAPHQL_BUDGET_WARD: '300', GRAPHQL_BUDGET_CITY: '9000' });
    expect(queryBudget(config, Role.VIEWER)).toBe(500);
    expect(queryBudget(config, Role.CITY_ADMIN)).toBe(9000);
    expect(queryBudget(config, Role.DISTRICT_STAFF)).toBe(20_000);
    expect(queryBudget(config, null)).toBe(300);
  });
});

describe('the refusals', () => {
  it('say in Vietnamese, with English beside, how large, over which budget, which list, and what narrows it', () => {
    const e = new QueryTooLargeError({
      estimated: 960_001,
      limit: 50_000,
      role: Role.CITY_STAFF,
      field: 'statistics.rows',
      rows: 960_000,
      narrowField: 'statistics.rows',
      narrow: ['query.periods', 'query.metrics'],
    });
    expect(e.message).toBe(
      'Truy vấn quá lớn: ước tính 960.001 dòng, vượt hạn mức 50.000 dòng (CITY_STAFF); nhiều nhất là statistics.rows (960.000 dòng): hãy thu hẹp statistics.rows bằng query.periods, query.metrics',
    );
    expect(e.messageEn).toBe(
      'Query too large: an estimated 960,001 rows, over the budget of 50,000 (CITY_STAFF); most are statistics.rows (960,000 rows): narrow statistics.rows with query.periods, query.metrics',
    );
    expect(e.details).toEqual({
      field: 'statistics.rows',
      cost: { estimated: 960_001, limit: 50_000, field: 'statistics.rows', rows: 960_000 },
    });
    const bare = new QueryTooLargeError({ estimated: 3, limit: 2, role: null, field: 'x', rows: 3, narrowField: '', narrow: [] });
    expect(bare.message).toMatch(/\(chưa đăng nhập\); .*: hãy bỏ bớt trường này hoặc tách thành nhiều truy vấn nhỏ$/);
  });

  it('name the root field of an answer too large and of a statement the database stopped', () => {
    const size = new ResponseTooLargeError({ bytes: 6_000_000, limit: 5_000_000, field: 'reports' });
    expect(size.message).toBe('Kết quả quá lớn: 6.000.000 byte, vượt giới hạn 5.000.000 byte; nhiều nhất là reports: hãy thu hẹp truy vấn');
    expect(size.details).toEqual({ field: 'reports', size: { bytes: 6_000_000, limit: 5_000_000 } });
    expect(new QueryTimedOutError('statistics').kind).toBe('INVALID_INPUT');
  });
});
