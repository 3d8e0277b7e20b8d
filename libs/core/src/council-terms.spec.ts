import { firstWholeQuarterDay, seededCouncilTerms } from './council-terms.js';
import { readHanoiHistoryFiles } from './unit-history/history-files.js';
import { buildHanoiUnitHistory } from './unit-history/unit-history.js';

const terms = seededCouncilTerms(buildHanoiUnitHistory(readHanoiHistoryFiles(process.cwd())));
const of = (code: string) => terms.filter((t) => t.unitCode === code).map(({ termCode, number, to }) => ({ termCode, number, to }));
const count = (termCode: string) => terms.filter((t) => t.termCode === termCode).length;

describe('seededCouncilTerms (Hanoi)', () => {
  it('gives 2021–2026 to the councils of 2021-07-01 (the city, 30 districts, 404 communes), 2026–2031 to those of 2026 (the city, 126 communes)', () => {
    expect(count('NK2021-2026')).toBe(1 + 30 + 404);
    expect(count('NK2026-2031')).toBe(1 + 126);
  });

  it('numbers the city’s terms XVI and XVII, the districts’ where a source says, and no one else’s', () => {
    expect(of('01')).toEqual([
      { termCode: 'NK2021-2026', number: 16, to: '2026-03-15' },
      { termCode: 'NK2026-2031', number: 17, to: null },
    ]);
    const numbered = terms.filter((t) => t.number !== null).map((t) => `${t.unitCode} ${t.termCode} ${t.number}`);
    expect(numbered.sort()).toEqual(['007 NK2021-2026 20', '009 NK2021-2026 6', '01 NK2021-2026 16', '01 NK2026-2031 17']);
  });

  it('ends a district’s 2021–2026 term with the district level (2025-07-01), and gives it no 2026–2031 term', () => {
    expect(of('009')).toEqual([{ termCode: 'NK2021-2026', number: 6, to: '2025-07-01' }]);
    expect(terms.filter((t) => t.unitCode.length === 3 && t.to !== '2025-07-01')).toEqual([]);
  });

  it('ends a commune council when its commune does, and gives a phường (no council in 2021) no 2021–2026 term', () => {
    for (const t of terms.filter((t) => t.termCode === 'NK2021-2026' && t.unitCode.length === 5))
      expect(['2025-01-01', '2025-07-01']).toContain(t.to);
    // Phường Liễu Giai had no council; Phường Ngọc Hà, which took its code on 2025-07-01, was elected for 2026–2031.
    expect(of('00008')).toEqual([{ termCode: 'NK2026-2031', number: null, to: null }]);
  });
});

describe('firstWholeQuarterDay', () => {
  it('is the next quarter’s first day, or the day itself when a quarter begins on it', () => {
    expect(firstWholeQuarterDay('2021-05-23')).toBe('2021-07-01');
    expect(firstWholeQuarterDay('2026-03-15')).toBe('2026-04-01');
    expect(firstWholeQuarterDay('2021-07-01')).toBe('2021-07-01');
  });
});
