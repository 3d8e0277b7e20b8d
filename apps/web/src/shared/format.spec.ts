import { daysUntil, formatClock, formatDate, formatDateTime, formatNumber, vietnamToday } from './format';

describe('formatting for the pages', () => {
  it('groups thousands with a dot in Vietnamese and a comma in English', () => {
    expect(formatNumber(1236)).toBe('1.236');
    expect(formatNumber(1236, 'en')).toBe('1,236');
    expect(formatNumber(1_000_000)).toBe('1.000.000');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('–');
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

  it('counts days to a due date from the Vietnamese calendar day', () => {
    const lateEvening = new Date('2024-04-09T20:00:00Z'); // 03:00 on 10 April in Hanoi
    expect(vietnamToday(lateEvening)).toBe('2024-04-10');
    expect(daysUntil('2024-04-10', lateEvening)).toBe(0);
    expect(daysUntil('2024-04-12', lateEvening)).toBe(2);
    expect(daysUntil('2024-04-01', lateEvening)).toBe(-9);
  });
});
