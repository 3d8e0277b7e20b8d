/**
 * Reports across Hanoi's three eras (issue 14), filed through district-api by each era's clerks, for tests of the
 * figures on a database seeded with the eras (`isolatedDatabase(…, { eras: true })`): Kim Anh's three whole
 * predecessors and Sóc Sơn's whole and partial ones in 2024; a district in 2025Q1; two communes merged on 2025-07-01 in
 * 2025Q2; the new Kim Anh and the city in 2025Q3.
 */
import type pg from 'pg';

import { eventually } from './eventually.js';
import { tokenFor } from './graphql.js';
import { ok, realisticValues, submitReport, valueList } from './reporting.js';

/** The metric the tests read. */
export const ERA_METRIC = 'resolutions.issued';

export const ERA_FILINGS = [
  { user: 'w00382.2021-07', unit: '00382', period: '2024Q1', level: 'WARD' },
  { user: 'w00397', unit: '00397', period: '2024Q2', level: 'WARD' },
  { user: 'w00415', unit: '00415', period: '2024Q3', level: 'WARD' },
  { user: 'w00376.2021-07', unit: '00376', period: '2024Q1', level: 'WARD' },
  { user: 'w00409', unit: '00409', period: '2024Q1', level: 'WARD' },
  { user: 'd017', unit: '017', period: '2025Q1', level: 'DISTRICT' },
  { user: 'w00382.2021-07', unit: '00382', period: '2025Q2', level: 'WARD' },
  { user: 'w00397', unit: '00397', period: '2025Q2', level: 'WARD' },
  { user: 'w00382', unit: '00382', period: '2025Q3', level: 'WARD' },
  { user: 'city', unit: '01', period: '2025Q3', level: 'CITY' },
] as const;

const valuesOf = (i: number) => realisticValues(ERA_FILINGS[i].level, 100 + i);

/** The sum of ERA_METRIC over the filings at these indexes. */
export const eraSum = (...indexes: number[]): number => indexes.reduce((s, i) => s + valuesOf(i)[ERA_METRIC], 0);

/** Files every one of ERA_FILINGS and waits until the city's figures hold them all. */
export async function fileEraReports(districtGraphql: string, db: pg.Pool): Promise<void> {
  for (const [i, f] of ERA_FILINGS.entries()) {
    const token = await tokenFor(districtGraphql, f.user);
    ok(await submitReport(districtGraphql, token, { unitCode: f.unit, period: f.period, values: valueList(valuesOf(i)) }, `era-${i}`));
  }
  const arrived = await eventually(
    async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM city.report_fact WHERE counts`)).rows[0].n,
    (n) => n === ERA_FILINGS.length,
    30_000,
    100,
  );
  if (arrived !== ERA_FILINGS.length) throw new Error(`${arrived} of ${ERA_FILINGS.length} era reports reached the city`);
}
