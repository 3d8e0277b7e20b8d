// Plausible quarterly figures for the 20 seeded metrics: the project's own generator and PRNG, from dist/
// (the bench runs after `npm run build`).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { seededRandom } = require('../../dist/libs/core/src/random.js');
const { sampleFigures } = require('../../dist/apps/database-cli/src/seeding/sample-figures.js');

/** A seeded PRNG, so a run's reports are reproducible. */
export const prng = seededRandom;

/** All 20 metrics as [{ metric, value }] (the rules' ERRORs never fire). */
export function realisticValues(level, r) {
  return Object.entries(sampleFigures(level, r)).map(([metric, value]) => ({ metric, value }));
}

/** Quarter codes from `from` to `to` inclusive ("2021Q3".."2024Q4"). */
export function quarters(from, to) {
  const parse = (q) => {
    const m = /^(\d{4})Q([1-4])$/.exec(q);
    if (!m) throw new Error(`not a quarter: ${q}`);
    return Number(m[1]) * 4 + Number(m[2]) - 1;
  };
  const out = [];
  for (let i = parse(from); i <= parse(to); i++) out.push(`${Math.floor(i / 4)}Q${(i % 4) + 1}`);
  return out;
}

/** Fisher–Yates with the given PRNG. */
export function shuffle(list, r) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
