import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { HanoiHistoryFiles } from './unit-history.js';

/** The data files buildHanoiUnitHistory reads, from a checkout's data/ (node only; the history itself is pure). */
export function readHanoiHistoryFiles(projectRoot: string): HanoiHistoryFiles {
  const read = (path: string) => JSON.parse(readFileSync(join(projectRoot, 'data', path), 'utf8')) as never;
  return {
    units: read('hanoi-admin-units.json'),
    splits: read('reorganisation-2025/old-to-new.json'),
    merges: read('reorganisation-2025/new-from-old.json'),
  };
}
