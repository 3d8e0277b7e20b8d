import fc from 'fast-check';

import { type FactContribution, rollupDelta, scopesOf, sumDeltas } from './rollup-delta.js';

const ward: Omit<FactContribution, 'counts' | 'values'> = {
  unitCode: '00457',
  unitLevel: 'WARD',
  rootCode: '01',
  districtCode: '017',
  period: '2024Q1',
};

describe('rollupDelta', () => {
  it('adds a first submission to the ward, its district and the city, for the quarter and the year', () => {
    const d = rollupDelta(null, { ...ward, counts: true, values: { 'resolutions.issued': 3 } });
    expect(d.map((x) => `${x.scopeCode} ${x.period} ${x.delta}`).sort()).toEqual(
      ['00457 2024 3', '00457 2024Q1 3', '01 2024 3', '01 2024Q1 3', '017 2024 3', '017 2024Q1 3'].sort(),
    );
    expect(d.every((x) => x.level === 'WARD' && x.metricCode === 'resolutions.issued')).toBe(true);
  });

  it('moves only the difference on a correction, and nothing when nothing changed', () => {
    const before = { ...ward, counts: true, values: { a: 3, b: 1 } };
    expect(rollupDelta(before, { ...ward, counts: true, values: { a: 5, b: 1 } }).every((x) => x.metricCode === 'a' && x.delta === 2)).toBe(
      true,
    );
    expect(rollupDelta(before, { ...before })).toEqual([]);
  });

  it('takes a returned report out entirely, and puts it back when resubmitted', () => {
    const counted = { ...ward, counts: true, values: { a: 3 } };
    const returned = { ...counted, counts: false };
    expect(rollupDelta(counted, returned).every((x) => x.delta === -3)).toBe(true);
    expect(rollupDelta(returned, counted).every((x) => x.delta === 3)).toBe(true);
  });

  it('gives the city council one scope, and a district two', () => {
    expect(scopesOf({ unitCode: '01', districtCode: null, rootCode: '01' })).toEqual(['01']);
    expect(scopesOf({ unitCode: '017', districtCode: '017', rootCode: '01' })).toEqual(['017', '01']);
  });

  it('sums to the final state whatever the sequence of changes (property)', () => {
    const values = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.nat(50));
    fc.assert(
      fc.property(fc.array(fc.record({ counts: fc.boolean(), values }), { minLength: 1, maxLength: 8 }), (states) => {
        const totals = new Map<string, number>();
        let before: FactContribution | null = null;
        for (const s of states) {
          const after = { ...ward, ...s };
          for (const d of rollupDelta(before, after)) {
            const k = `${d.scopeCode}|${d.period}|${d.metricCode}`;
            totals.set(k, (totals.get(k) ?? 0) + d.delta);
          }
          before = after;
        }
        const last = states[states.length - 1];
        for (const scope of ['00457', '017', '01'])
          for (const metric of ['a', 'b', 'c']) {
            const expected = last.counts ? (last.values[metric] ?? 0) : 0;
            expect(totals.get(`${scope}|2024Q1|${metric}`) ?? 0).toBe(expected);
            expect(totals.get(`${scope}|2024|${metric}`) ?? 0).toBe(expected);
          }
      }),
      { numRuns: 200 },
    );
  });

  it('sums the deltas of a batch into one row per total, equal to the changes applied one by one (property)', () => {
    const values = fc.dictionary(fc.constantFrom('a', 'b'), fc.nat(20));
    const unit = fc.constantFrom(ward, { ...ward, unitCode: '00460' }, { ...ward, unitCode: '017', unitLevel: 'DISTRICT' });
    fc.assert(
      fc.property(fc.array(fc.record({ unit, counts: fc.boolean(), values }), { minLength: 1, maxLength: 10 }), (changes) => {
        const last = new Map<string, FactContribution>();
        const all = changes.flatMap(({ unit: u, counts, values: v }) => {
          const after = { ...u, counts, values: v };
          const d = rollupDelta(last.get(u.unitCode) ?? null, after);
          last.set(u.unitCode, after);
          return d;
        });
        const one = (list: typeof all) => {
          const m = new Map<string, number>();
          for (const d of list)
            m.set(
              `${d.scopeCode}|${d.level}|${d.period}|${d.metricCode}`,
              (m.get(`${d.scopeCode}|${d.level}|${d.period}|${d.metricCode}`) ?? 0) + d.delta,
            );
          return new Map([...m].filter(([, v]) => v !== 0));
        };
        const summed = sumDeltas(all);
        expect(one(summed)).toEqual(one(all));
        expect(new Set(summed.map((d) => `${d.scopeCode}|${d.level}|${d.period}|${d.metricCode}`)).size).toBe(summed.length);
        expect(summed.every((d) => d.delta !== 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
