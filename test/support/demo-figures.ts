import { gqlOk } from './graphql.js';

/**
 * Waits until the worker has folded the demo year's reports into the city's totals: the 2024 total is above zero and
 * has not moved for three readings a second apart. Returns whether it settled within `limitMs`.
 */
export async function demoFiguresSettled(cityGraphql: string, token: string, limitMs = 120_000): Promise<boolean> {
  const total = async () =>
    (
      await gqlOk<{ statistics: { rows: { value: number }[] } }>(
        cityGraphql,
        'query T($q: StatisticsQuery!) { statistics(query: $q) { rows { value } } }',
        { q: { periods: ['2024'], groupBy: [] } },
        token,
      )
    ).statistics.rows[0]?.value ?? 0;
  let last = -1;
  let still = 0;
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && still < 3) {
    const now = await total();
    still = now > 0 && now === last ? still + 1 : 0;
    last = now;
    if (still < 3) await new Promise((r) => setTimeout(r, 1000));
  }
  return still >= 3;
}
