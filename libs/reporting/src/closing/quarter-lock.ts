/**
 * The advisory lock that orders a quarter's closing against the changes to its reports: every change (a draft saved,
 * a report submitted or reviewed) holds it SHARED until its transaction ends, and a closing takes it EXCLUSIVE before
 * it records the closure. So a closing waits for the changes in flight, and a change that comes later waits for the
 * closing and then sees it: each change either commits before the closure or is refused after it.
 *
 * The key expression lives here only; the migration `1796570000000-quarter-open-for.ts` (the function
 * `district.quarter_open_for`, which the fast submission's statement calls) spells the same expression — change both.
 */
export const quarterLockKeySql = (periodSql: string): string => `hashtextextended('quarter-closing:' || ${periodSql}, 0)`;
