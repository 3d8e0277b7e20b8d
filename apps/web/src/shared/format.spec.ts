import { daysUntil, formatClock, formatDate, formatDateTime, formatNumber, vietnamToday } from './format';

describe('formatting for the pages', () => {
  it('groups thousands with a dot in Vietnamese and a comma in English', () => {
    expect(formatNumber(1236)).toBe('1.236');
    expect(formatNumber(1236, 'en')).toBe('1,236');
    expect(formatNumber(1_000_000)).toBe('1.000.000');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(1234.56)).toBe('1.234,6');
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
  });

  it('writes numbers exactly as Intl does for vi-VN and en-GB (the page does it without Intl, for speed)', () => {
    const values = [
      0,
      1,
      7,
      12,
      999,
      1000,
      1236,
      9999.95,
      12_345.05,
      1.05,
      0.25,
      0.04,
      0.05,
      -0.04,
      -3,
      -1236.5,
      987_654_321,
      2 ** 40,
      1e21,
      1e-7,
      -0,
      Infinity,
      -Infinity,
    ];
    for (let i = 0; i < 500; i++) values.push(Math.round((Math.random() - 0.3) * 10 ** (1 + (i % 9))) / [1, 10, 100, 1000][i % 4]);
    for (const lang of ['vi', 'en'] as const) {
      const intl = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
      expect(values.map((v) => formatNumber(v, lang))).toEqual(values.map((v) => intl.format(v)));
    }
  });

  it('writes calendar dates as dd/mm/yyyy without moving them across midnight', () => {
    expect(formatDate('2024-04-10')).toBe('10/04/2024');
    expect(formatDate('2024-12-31')).toBe('31/12/2024');
    expect(formatDate(null)).toBe('–');
  });

  it('shows instants in Vietnam time (UTC+7)', () => {
    // 18:30 UTC on 31 March is already 1 April in Hanoi.
    expect(formatDate('2024-03-31T18:30:00Z')).toBe('01/04/2024');
    expect(formatDateTime('2024-03-31T18:30:00Z')).toBe('01:30 01/04/2024');
    expect(formatDateTime('not a date')).toBe('–');
    expect(formatClock('2024-03-31T18:30:05Z')).toBe('01:30:05');
    expect(formatClock(null)).toBe('–');
  });

  it('reads instants as Intl does in Asia/Ho_Chi_Minh (the page does it without Intl, for speed)', () => {
    const date = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    // Every 7 h 13 min 17 s from 1980 to 2040: every hour of the day, both sides of each midnight and year's end.
    for (let t = Date.UTC(1980, 0, 1); t < Date.UTC(2040, 0, 1); t += 26_000_017) {
      const at = new Date(t);
      expect(formatDate(at)).toBe(date.format(at));
      expect(formatClock(at)).toBe(time.format(at));
    }
  });

  it('counts days to a due date from the Vietnamese calendar day', () => {
    const lateEvening = new Date('2024-04-09T20:00:00Z'); // 03:00 on 10 April in Hanoi
    expect(vietnamToday(lateEvening)).toBe('2024-04-10');
    expect(daysUntil('2024-04-10', lateEvening)).toBe(0);
    expect(daysUntil('2024-04-12', lateEvening)).toBe(2);
    expect(daysUntil('2024-04-01', lateEvening)).toBe(-9);
  });
});
