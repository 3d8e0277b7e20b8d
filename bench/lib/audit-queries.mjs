// The audit's three heavy GraphQL queries (issue 16): bench/query-cost.mjs measures them, test/query-cost.e2e-spec.ts
// checks that each is refused. One copy, for both.

/** A viewer's 1.5 KB query on city-api: 15 aliases × councilUnits → children × 3 (1.6 s of CPU, 430 KB, before). */
export const VIEWER_TREE = `{ ${Array.from(
  { length: 15 },
  (_, i) => `a${i}: councilUnits { code name children { code name children { code name children { code name } } } }`,
).join(' ')} }`;

/** City staff's statistics on city-api: every metric of 40 quarters for every commune (54 MB in 7.4 s, before). */
export const HUGE_STATISTICS = {
  query: `query($q: StatisticsQuery!) { statistics(query: $q) { asOf rows { period value unit { code name nameEn level } metric { code nameVi nameEn } } } }`,
  variables: {
    q: {
      periods: Array.from({ length: 40 }, (_, i) => `${2024 + Math.floor(i / 4)}Q${(i % 4) + 1}`),
      groupBy: ['UNIT', 'METRIC', 'PERIOD'],
      unitLevel: 'WARD',
    },
  },
};

/** City staff's reports on district-api: every report with every version (3.4 MB, before). */
export const REPORTS_WITH_VERSIONS = `{ reports { id period status unit { code name } values { value metric { code nameVi } } findings { rule message }
  versions { version submittedAt values { value metric { code nameVi } } findings { rule message } } } }`;
