// Report figures for the benches, and the reconciliation check run from the built code
// (dist/libs/statistics/src/reconciliation.js: the very functions the worker's scheduled job uses).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../scripts/lib/env.mjs';

/** The metric whose value is distinct per unit in the sync-lag bench (what the poller recognises). */
export const SYNC_METRIC = 'resolutions.issued';

/**
 * Plausible figures of the 20 seeded metrics for unit number i, valid for its level (confidence votes only
 * at CITY and DISTRICT; thematic voter contacts ≤ voter-contact meetings). resolutions.issued = 100 + i:
 * distinct per unit.
 */
export function metricValuesFor(level, i) {
  return {
    'sessions.regular': 1,
    'sessions.thematic': i % 3,
    'sessions.urgent': i % 2,
    'resolutions.issued': 100 + i,
    'documents.reviewed': 5 + (i % 7),
    'questioning.written': i % 11,
    'questioning.sessions': 1,
    'explanations.sessions': i % 2,
    'supervisions.thematic': 1 + (i % 3),
    'surveys.conducted': i % 4,
    'voter_contacts.meetings': 3 + (i % 5),
    'voter_contacts.thematic': i % 3,
    'citizen_receptions.sessions': 3,
    'petitions.received': 10 + (i % 20),
    'petitions.answered': 8 + (i % 15),
    'petitions.resolved': 5 + (i % 10),
    'complaints.received': 4 + (i % 9),
    'complaints.handled': 3 + (i % 8),
    'confidence_votes.persons': level === 'WARD' ? 0 : 5 + (i % 4),
    'briefings.held': 1 + (i % 2),
  };
}

/**
 * expectedFromDistrict / cityRollups / driftBetween of reconciliation.js over a pg Pool (they want a
 * DataSource; only .query(sql) → rows is used). Returns the drifting cells and how many cells exist.
 */
export async function reconcile(pool) {
  const mod = await import(pathToFileURL(path.join(ROOT, 'dist', 'libs', 'statistics', 'src', 'reconciliation.js')).href);
  const { expectedFromDistrict, cityRollups, driftBetween } = mod.default ?? mod;
  const ds = { query: (sql, params) => pool.query(sql, params).then((r) => r.rows) };
  const started = Date.now();
  const [expected, actual] = await Promise.all([expectedFromDistrict(ds), cityRollups(ds)]);
  return { drift: driftBetween(expected, actual), cells: expected.size, rollupCells: actual.size, ms: Date.now() - started };
}
