import { pivot, queryPeriods, readState, statisticsQuery, termOfYear, viewTitle, workbookName, writeState } from './explorer-state';

describe('the explorer state in the URL', () => {
  it('defaults to a year by district with three key metrics, and round-trips through the search params', () => {
    const state = readState(new URLSearchParams(''), 2024);
    expect(state).toEqual({
      mode: 'year',
      periods: ['2024'],
      metrics: ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'],
      scope: '01',
      rows: 'DISTRICT',
      basis: 'AS_REPORTED',
    });
    expect(readState(writeState({ ...state, rows: 'WARD', scope: '009' }), 2030)).toEqual({ ...state, rows: 'WARD', scope: '009' });
  });

  it('drops bad parts of a link instead of sending them', () => {
    const state = readState(new URLSearchParams('pm=quarter&p=2024Q5,2024Q2,x&r=NOPE&s=<b>'), 2024);
    expect(state).toMatchObject({ mode: 'quarter', periods: ['2024Q2'], rows: 'DISTRICT', scope: '01' });
  });

  it('spells a range out quarter by quarter, and a year by quarter when rows are periods', () => {
    expect(queryPeriods(readState(new URLSearchParams('pm=range&p=2024Q3,2025Q2'), 2024))).toEqual([
      '2024Q3',
      '2024Q4',
      '2025Q1',
      '2025Q2',
    ]);
    expect(queryPeriods(readState(new URLSearchParams('pm=year&p=2024&r=PERIOD'), 2024))).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
  });

  it('asks a council term as one period, one term at a time, and guesses the term of the year on screen', () => {
    const state = readState(new URLSearchParams('pm=term&p=NK2021-2026,NK2026-2031,2024,NK2021-2025'), 2024);
    expect(state).toMatchObject({ mode: 'term', periods: ['NK2021-2026'] });
    expect(queryPeriods({ ...state, rows: 'PERIOD' })).toEqual(['NK2021-2026']);
    expect(viewTitle({ ...state, rows: 'PERIOD' }, { vi: 'Thành phố Hà Nội', en: 'Hanoi' }).vi).toBe(
      'Nhiệm kỳ 2021–2026 · Thành phố Hà Nội · cả nhiệm kỳ',
    );
    expect(readState(new URLSearchParams('pm=term&p=2024'), 2027).periods).toEqual(['NK2026-2031']);
    expect([2021, 2025, 2026, 2030, 2031].map(termOfYear)).toEqual([
      'NK2021-2026',
      'NK2021-2026',
      'NK2026-2031',
      'NK2026-2031',
      'NK2031-2036',
    ]);
    // A year link keeps refusing a term, as before.
    expect(readState(new URLSearchParams('pm=year&p=NK2021-2026'), 2024).periods).toEqual(['2024']);
  });

  it('asks today’s units only for rows by unit, keeps the default basis out of the link, and says so in the title', () => {
    const rebased = readState(new URLSearchParams('p=2024&r=WARD&b=CURRENT_UNITS'), 2024);
    expect(rebased.basis).toBe('CURRENT_UNITS');
    expect(statisticsQuery(rebased)).toMatchObject({ groupBy: ['UNIT', 'METRIC'], unitLevel: 'WARD', basis: 'CURRENT_UNITS' });
    expect(statisticsQuery({ ...rebased, rows: 'LEVEL' }).basis).toBeUndefined();
    expect(writeState(rebased).get('b')).toBe('CURRENT_UNITS');
    expect(writeState({ ...rebased, basis: 'AS_REPORTED' }).has('b')).toBe(false);
    expect(viewTitle(rebased, { vi: 'Thành phố Hà Nội', en: 'Hanoi' }).vi).toBe(
      'Năm 2024 · Thành phố Hà Nội · theo xã, thị trấn · quy đổi theo đơn vị hiện nay',
    );
    expect(workbookName(rebased)).toBe('thong-ke-2024-01-WARD-hien-nay.xlsx');
  });

  it('keeps two units under one code apart: 00382 in 2025 is Xã Minh Trí, then Xã Kim Anh', () => {
    const state = { ...readState(new URLSearchParams('r=WARD'), 2025), metrics: ['a.b'] };
    const p = pivot(state, [
      { unit: { code: '00382', name: 'Xã Minh Trí', validFrom: '2021-07-01' }, metric: { code: 'a.b' }, value: 5 },
      { unit: { code: '00382', name: 'Xã Kim Anh', validFrom: '2025-07-01' }, metric: { code: 'a.b' }, value: 7 },
    ]);
    expect(p.rows.map((r) => [r.code, r.label.vi, r.values['a.b']])).toEqual([
      ['00382', 'Xã Minh Trí', 5],
      ['00382', 'Xã Kim Anh', 7],
    ]);
  });

  it('asks city-api by unit, level or period', () => {
    const base = readState(new URLSearchParams('p=2024'), 2024);
    expect(statisticsQuery(base)).toMatchObject({ groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT', scope: '01' });
    expect(statisticsQuery({ ...base, rows: 'LEVEL' })).toEqual(expect.objectContaining({ groupBy: ['LEVEL', 'METRIC'] }));
    expect(statisticsQuery({ ...base, rows: 'LEVEL' }).unitLevel).toBeUndefined();
    expect(statisticsQuery({ ...base, rows: 'PERIOD' }).groupBy).toEqual(['PERIOD', 'METRIC']);
  });

  it('pivots rows into units × metrics with a totals row, and names the view in Vietnamese', () => {
    const state = { ...readState(new URLSearchParams(''), 2024), metrics: ['a.b', 'c.d'] };
    const unit = (code: string) => ({ code, name: `Quận ${code}`, nameEn: `District ${code}` });
    const p = pivot(state, [
      { unit: unit('001'), metric: { code: 'a.b' }, value: 1200 },
      { unit: unit('001'), metric: { code: 'c.d' }, value: 3 },
      { unit: unit('002'), metric: { code: 'a.b' }, value: 36 },
    ]);
    expect(p.rows.map((r) => [r.code, r.values])).toEqual([
      ['001', { 'a.b': 1200, 'c.d': 3 }],
      ['002', { 'a.b': 36, 'c.d': 0 }],
    ]);
    expect(p.totals).toEqual({ 'a.b': 1236, 'c.d': 3 });
    expect(viewTitle(state, { vi: 'Thành phố Hà Nội', en: 'Hanoi' }).vi).toBe('Năm 2024 · Thành phố Hà Nội · theo quận, huyện, thị xã');
    expect(workbookName(state)).toBe('thong-ke-2024-01-DISTRICT.xlsx');
  });

  it('orders levels city, district, commune', () => {
    const state = { ...readState(new URLSearchParams('r=LEVEL'), 2024), metrics: ['a.b'] };
    const p = pivot(state, [
      { level: 'WARD', metric: { code: 'a.b' }, value: 2 },
      { level: 'CITY', metric: { code: 'a.b' }, value: 1 },
    ]);
    expect(p.rows.map((r) => r.label.vi)).toEqual(['HĐND thành phố', 'HĐND cấp xã']);
  });
});
