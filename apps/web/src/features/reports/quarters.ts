import { compareQuarters, parseQuarter, previousQuarter, quarterAt,type QuarterPeriod } from '@council/core/period.js';

/** The quarters a council's list shows: from the current one back to `from` (or its earliest report), newest first. */
export function listedQuarters(now: Date, reportPeriods: readonly string[], from = '2024Q1'): QuarterPeriod[] {
  const earliest = [from, ...reportPeriods].map((p) => parseQuarter(p)).sort(compareQuarters)[0];
  const out: QuarterPeriod[] = [];
  for (let q = quarterAt(now); compareQuarters(q, earliest) >= 0; q = previousQuarter(q)) out.push(q);
  return out;
}
