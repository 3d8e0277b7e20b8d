import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository (or image) root: where `data/` lives. Found from the working
 * directory upward, because the same code runs as compiled CommonJS and as
 * ESM under Jest, where neither __dirname nor import.meta works in both.
 */
export function projectRoot(): string {
  if (process.env.COUNCIL_HOME) return process.env.COUNCIL_HOME;
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'council-platform') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the council-platform root from ' + process.cwd() + '; set COUNCIL_HOME');
    dir = up;
  }
}
