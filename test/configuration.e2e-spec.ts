import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { configurationTable } from '@council/core';
import { projectRoot } from '@council/database';

/**
 * Configuration has one place: CONFIG_VARIABLES and loadConfig (libs/core/src/config.ts). The README's table is
 * generated from that list (`npm run config:readme` rewrites it), and no app or lib reads the environment around it.
 */

const README = join(projectRoot(), 'README.md');
const TABLE = /\| variable \| default \| note \|\n\| --- \| --- \| --- \|\n(?:\|.*\|\n)*/;

describe('the configuration', () => {
  it('is documented in the README exactly as CONFIG_VARIABLES lists it', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toMatch(TABLE);
    if (process.env.UPDATE_README === '1') writeFileSync(README, readme.replace(TABLE, configurationTable() + '\n'));
    const documented = readFileSync(README, 'utf8').match(TABLE)![0].trimEnd();
    // A difference means a variable was added, dropped or changed: run `npm run config:readme` and commit the README.
    expect(documented).toBe(configurationTable());
  });

  it('is read only through loadConfig: no app or lib reads process.env besides handing it over', () => {
    const root = projectRoot();
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
      );
    const reads = ['apps', 'libs'].flatMap((top) =>
      sources(join(root, top)).flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ at: `${relative(root, file)}:${i + 1}`, line: line.trim() }))
          .filter(({ line }) => /process\.env\b/.test(line) && !/^(\/\/|\*)/.test(line)),
      ),
    );
    const allowed = (line: string) =>
      line.includes('loadConfig(process.env)') ||
      // COUNCIL_HOME locates the project's files before any configuration is read (CONFIG_VARIABLES says so).
      /process\.env\.COUNCIL_HOME/.test(line);
    expect(reads.filter((r) => !allowed(r.line))).toEqual([]);
    // The check sees real reads: the ones it allows are there.
    expect(reads.filter((r) => allowed(r.line)).length).toBeGreaterThanOrEqual(3);
  });
});
