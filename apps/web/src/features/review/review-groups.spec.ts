import {
  changedValues,
  chosenQuarter,
  communeRows,
  completenessOf,
  defaultReviewQuarter,
  groupCounts,
  groupOf,
  pickerQuarters,
} from './review-groups';

const units = [
  { code: '00460', name: 'Xã B', hasCouncil: true },
  { code: '00457', name: 'Xã A', hasCouncil: true },
  { code: '00454', name: 'Thị trấn Đông Anh', hasCouncil: true },
  { code: '00001', name: 'Phường X', hasCouncil: false },
  { code: '00463', name: 'Xã C', hasCouncil: true },
  { code: '00466', name: 'Xã D', hasCouncil: true },
];
const report = (code: string, status: 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'ACCEPTED', late = false) => ({
  id: `id-${code}`,
  status,
  version: status === 'DRAFT' ? 0 : 1,
  late,
  dueDate: '2024-07-10',
  unit: { code },
});

describe('review groups', () => {
  it('puts a draft with the missing, and each review status in its own group', () => {
    expect(groupOf(null)).toBe('missing');
    expect(groupOf({ status: 'DRAFT' })).toBe('missing');
    expect(groupOf({ status: 'SUBMITTED' })).toBe('waiting');
    expect(groupOf({ status: 'RETURNED' })).toBe('returned');
    expect(groupOf({ status: 'ACCEPTED' })).toBe('accepted');
  });

  it('lists only communes with a council, in code order, and counts the groups and the completeness', () => {
    const rows = communeRows(units, [
      report('00457', 'SUBMITTED', true),
      report('00460', 'DRAFT'),
      report('00463', 'ACCEPTED'),
      report('00466', 'RETURNED', true),
      report('00001', 'SUBMITTED'),
    ]);
    expect(rows.map((r) => r.code)).toEqual(['00454', '00457', '00460', '00463', '00466']);
    expect(rows.map((r) => r.status)).toEqual(['NOT_STARTED', 'SUBMITTED', 'DRAFT', 'ACCEPTED', 'RETURNED']);
    expect(groupCounts(rows)).toEqual({ missing: 2, waiting: 1, returned: 1, accepted: 1 });
    // The returned one stops counting; the late submitted one counts as late.
    expect(completenessOf(rows)).toEqual({ expected: 5, submitted: 2, onTime: 1, late: 1 });
  });

  it('reviews the latest ended quarter by default, or the one ?period= names', () => {
    const now = new Date('2024-07-05T03:00:00Z');
    expect(defaultReviewQuarter(now).code).toBe('2024Q2');
    expect(defaultReviewQuarter(new Date('2024-01-01T01:00:00Z')).code).toBe('2023Q4'); // 08:00 in Hanoi, new year
    expect(chosenQuarter('2024Q1', now).code).toBe('2024Q1');
    expect(chosenQuarter('2024', now).code).toBe('2024Q2');
    expect(chosenQuarter('nonsense', now).code).toBe('2024Q2');
    expect(chosenQuarter(null, now).code).toBe('2024Q2');
  });

  it('offers the quarters from the current one back, the chosen one always among them', () => {
    const now = new Date('2024-08-01T00:00:00Z');
    expect(pickerQuarters(now, chosenQuarter('2024Q2', now)).map((q) => q.code)).toEqual(['2024Q3', '2024Q2', '2024Q1']);
    expect(pickerQuarters(now, chosenQuarter('2023Q3', now)).map((q) => q.code)).toEqual([
      '2024Q3',
      '2024Q2',
      '2024Q1',
      '2023Q4',
      '2023Q3',
    ]);
  });

  it('names the values that changed between versions', () => {
    const v = (o: Record<string, number>) => Object.entries(o).map(([code, value]) => ({ value, metric: { code } }));
    expect(changedValues(v({ a: 1, b: 2, c: 3 }), v({ a: 1, b: 4, d: 5 }))).toEqual([
      { metric: 'b', before: 2, after: 4 },
      { metric: 'c', before: 3, after: null },
      { metric: 'd', before: null, after: 5 },
    ]);
  });
});
