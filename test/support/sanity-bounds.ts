/**
 * A latency bound in a test is a sanity bound, not the figure: generous, so that a slow or busy machine passes, and
 * overridable by the environment variable `name` (milliseconds) on one slower still. The real latency is measured in bench/.
 */
export function sanityBoundMs(name: string, defaultMs: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return defaultMs;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`${name}=${raw}: expected a number of milliseconds`);
  return ms;
}

/** Sanity bound on a briefing push: from the write's answer to the screen's receiving the new summary (bench/briefing.mjs measures it). */
export const BRIEFING_PUSH_SANITY_MS = sanityBoundMs('BRIEFING_PUSH_SANITY_MS', 10_000);

/**
 * Sanity bound on one wait in a browser journey (a page, a locator, a navigation: Playwright's default timeout, 30 s of
 * its own). A page answering in a second alone took over 30 s on 2 cores beside the fuzz run; the journeys' own figures are
 * in bench/web.mjs.
 */
export const PAGE_WAIT_SANITY_MS = sanityBoundMs('PAGE_WAIT_SANITY_MS', 60_000);

/** Sanity bound on figures filed through district-api becoming visible in city-api's statistics (bench/sync-lag.mjs measures it). */
export const SANITY_VISIBLE_MS = sanityBoundMs('SANITY_VISIBLE_MS', 15_000);

/** Sanity bound on the sync worker's scheduled reconciliation (every 250 ms in its test) showing a change on /health and in its log. */
export const RECONCILE_SEEN_SANITY_MS = sanityBoundMs('RECONCILE_SEEN_SANITY_MS', 15_000);
