import {
  basisLine,
  notComparableLine,
  parseStatisticsBasis,
  StatisticsBasis,
  statisticsExportFileName,
  vietnamDateTimeText,
} from './statistics-export.js';

describe('statistics export words', () => {
  it('takes AS_REPORTED as the one basis for now, and says it in words', () => {
    expect(parseStatisticsBasis(undefined)).toBe(StatisticsBasis.AS_REPORTED);
    expect(parseStatisticsBasis('')).toBe(StatisticsBasis.AS_REPORTED);
    expect(parseStatisticsBasis('AS_REPORTED')).toBe(StatisticsBasis.AS_REPORTED);
    expect(parseStatisticsBasis('CURRENT_UNITS')).toBe(StatisticsBasis.CURRENT_UNITS);
    expect(notComparableLine(1236).vi).toBe('1.236 đơn vị không so sánh được (không có trong bảng; lý do trên trang Thống kê)');
    expect(() => parseStatisticsBasis('TODAY')).toThrow(/chỉ nhận AS_REPORTED, CURRENT_UNITS/);
    expect(() => parseStatisticsBasis(['AS_REPORTED'])).toThrow();
    expect(basisLine(StatisticsBasis.AS_REPORTED)).toEqual({ vi: 'Cơ sở so sánh: theo số liệu đã báo cáo', en: 'Basis: as reported' });
  });

  it('writes dd/mm/yyyy HH:mm in Vietnam time', () => {
    expect(vietnamDateTimeText(new Date('2024-04-19T02:30:00Z'))).toBe('19/04/2024 09:30');
    expect(vietnamDateTimeText(new Date('2024-03-31T17:05:00Z'))).toBe('01/04/2024 00:05');
  });

  it('names the file in ASCII from the parsed periods, first to last, and a scope below the city', () => {
    expect(statisticsExportFileName(['2024Q4', '2024Q1', '2024Q2'], '01', 'xlsx')).toBe('thong-ke-2024Q1-2024Q4.xlsx');
    expect(statisticsExportFileName(['2024'], null, 'csv')).toBe('thong-ke-2024.csv');
    expect(statisticsExportFileName(['2024Q1'], '017', 'csv')).toBe('thong-ke-2024Q1-017.csv');
    expect(statisticsExportFileName(['2024Q1'], '00454', 'xlsx')).toBe('thong-ke-2024Q1-00454.xlsx');
    expect(statisticsExportFileName(['2024Q1'], 'x"; evil', 'xlsx')).toBe('thong-ke-2024Q1.xlsx');
    expect(() => statisticsExportFileName(['2024Q5'], null, 'xlsx')).toThrow();
  });
});
