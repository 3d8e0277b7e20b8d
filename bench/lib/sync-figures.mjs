// Report figures for the benches, and the worker's reconciliation (reconcile() from the built code,
// dist/libs/sync/src/reconciliation.js: the function the sync-worker's scheduled job calls).
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
 * The worker's own consistency check: `reconcile()` of dist/libs/sync/src/reconciliation.js, the function
 * the sync-worker's scheduled job (ReconcileStatisticsProcessor) runs, called here with the bench's pg Pool as both
 * sides (it takes anything with query(sql, params); the bench keeps both schemas in one database), and summarised
 * by the same summarizeReconciliation() the worker's /health shows. It finds three kinds of drift: rollup totals
 * (folded and pending) ≠ the sum of the city's facts; a fact whose figures, status or counting differ from the
 * district's at the same revision; a report the city has not caught up with after `graceMs` (its age from
 * PostgreSQL's clock). The benches pass graceMs = 0 once everything should have arrived, so any report still
 * behind counts. The one place the benches call it.
 */
export async function reconcileAsWorker(pool, { graceMs = 0 } = {}) {
  const mod = await import(pathToFileURL(path.join(ROOT, 'dist', 'libs', 'sync', 'src', 'reconciliation.js')).href);
  const { reconcile, summarizeReconciliation, reconciliationText } = mod.default ?? mod;
  const started = Date.now();
  const summary = summarizeReconciliation(await reconcile(pool, pool, graceMs));
  return { ...summary, graceMs, ms: Date.now() - started, text: reconciliationText(summary, graceMs) };
}

/** One line for a bench's output: what reconcileAsWorker found, in the words of the worker's log. */
export const reconcileText = (r) => `${r.text}; ${r.ms} ms`;
