import { reconcile, summarizeReconciliation, type Queryable } from './reconciliation.js';

// reconcile()'s decisions on given rows, without a database (test/reconciliation.e2e-spec.ts runs it for real).
const ID = '5b1c0f3e-7d7a-4c1e-9a51-000000000001';
type DistrictRow = { id: string; revision: number; status: string; age_ms: number; figures: string };
type FactRow = { id: string; revision: number; status: string; counts: boolean; figures: string };

/** The district side answers like a pg Pool ({ rows }), the city side like a TypeORM DataSource (the rows): both must do. */
function sides(district: DistrictRow[], facts: FactRow[]): { district: Queryable; city: Queryable; queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    district: { query: async (sql: string) => (queries.push(sql), { rows: district }) },
    // The first city query is the totals-versus-facts comparison (no drifting cell here), the second the facts.
    city: { query: async (sql: string) => (queries.push(sql), sql.includes('FULL JOIN') ? [] : facts) },
  };
}

const report = (ageMs: number, revision = 2): DistrictRow => ({ id: ID, revision, status: 'SUBMITTED', age_ms: ageMs, figures: 'resolutions.issued=7' });
const fact = (revision: number, figures = 'resolutions.issued=7', counts = true): FactRow => ({ id: ID, revision, status: 'SUBMITTED', counts, figures });

describe('reconcile()', () => {
  it.each([-1, NaN, Infinity])('refuses a grace time of %p before reading anything', async (graceMs) => {
    const s = sides([], []);
    await expect(reconcile(s.district, s.city, graceMs)).rejects.toThrow(RangeError);
    expect(s.queries).toEqual([]);
  });

  it('counts a report the city has not caught up with as in flight up to the grace time, by the age the database gives, then as behind', async () => {
    for (const [ageMs, facts, expected] of [
      [3999, [fact(1)], { inFlight: 1, behind: [] }],
      [4000, [], { inFlight: 1, behind: [] }],
      [4001, [fact(1)], { inFlight: 0, behind: [ID] }],
      [4001, [], { inFlight: 0, behind: [ID] }],
    ] as const) {
      const s = sides([report(ageMs)], [...facts]);
      expect(await reconcile(s.district, s.city, 4000)).toMatchObject({ ...expected, factMismatches: [], rollupCells: [] });
    }
    // The age is PostgreSQL's clock_timestamp() - updated_at, never the process's clock (moved under TEST_CLOCK).
    const s = sides([report(0)], []);
    await reconcile(s.district, s.city, 0);
    expect(s.queries.find((q) => q.includes('district.report'))).toMatch(/clock_timestamp\(\) - r\.updated_at/);
  });

  it('finds a fact with other figures or counting than the district’s at the same revision, and one ahead of it', async () => {
    for (const [f, mismatch] of [
      [fact(2), null],
      [fact(2, 'resolutions.issued=8'), /city SUBMITTED\/true \{resolutions.issued=8\} ≠ district SUBMITTED \{resolutions.issued=7\}/],
      [fact(2, 'resolutions.issued=7', false), /city SUBMITTED\/false/],
      [fact(3), /city revision 3 ahead of district 2/],
    ] as const) {
      const s = sides([report(10_000)], [f]);
      const r = await reconcile(s.district, s.city, 4000);
      expect(r.factMismatches).toEqual(mismatch ? [expect.stringMatching(mismatch)] : []);
      expect(summarizeReconciliation(r)).toMatchObject({ drift: mismatch ? 1 : 0, factMismatches: mismatch ? 1 : 0, behind: 0, inFlight: 0 });
    }
  });
});
