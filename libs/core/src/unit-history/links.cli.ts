import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { readHanoiHistoryFiles } from './history-files.js';
import { mergerLinksMarkdown, replaceLinksSection } from './links-report.js';
import { buildHanoiUnitHistory } from './unit-history.js';

const USAGE = `usage: npm run reorganisation:links [-- --write]
  (none)   in ra các liên kết ngày 01/01/2025 — prints the 2025-01-01 links derived from the data files, and those missing
  --write  also writes them into data/README.md, between its markers`;

/** Run from the project root, as npm runs it. */
function main(argv: string[]): void {
  if (argv.length > 1 || (argv.length === 1 && argv[0] !== '--write')) throw new Error(USAGE);
  const root = process.cwd();
  const section = mergerLinksMarkdown(buildHanoiUnitHistory(readHanoiHistoryFiles(root)));
  console.log(section);
  if (argv[0] === '--write') {
    const readme = join(root, 'data', 'README.md');
    writeFileSync(readme, replaceLinksSection(readFileSync(readme, 'utf8'), section));
    console.log(`\nĐã ghi / written: ${readme}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
}
