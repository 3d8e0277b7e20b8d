import { compareCodes } from './compare.js';

describe('compareCodes', () => {
  it('orders GSO codes, periods and metric codes as ASCII strings', () => {
    expect(['010', '001', '009', '2024-Q4', '2024-Q1', 'ECO_GRDP', 'B'].sort(compareCodes)).toEqual([
      '001',
      '009',
      '010',
      '2024-Q1',
      '2024-Q4',
      'B',
      'ECO_GRDP',
    ]);
  });

  it('answers -1, 1 or 0, which callers combine with other keys', () => {
    expect(compareCodes('001', '002')).toBe(-1);
    expect(compareCodes('002', '001')).toBe(1);
    expect(compareCodes('001', '001')).toBe(0);
    // Upper case sorts before lower case (code order, not a dictionary's).
    expect(compareCodes('Z', 'a')).toBe(-1);
  });
});
