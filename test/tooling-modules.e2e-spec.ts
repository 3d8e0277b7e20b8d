/**
 * The scripts and benches are plain ES modules that no compiler checks: a helper renamed in scripts/lib (say
 * `dropDatabase`) broke every bench that imported it, and only running a bench showed it. Node resolves every named
 * import when a module is linked, so importing each of their helper modules in a fresh Node process (no Jest module
 * system in between) finds such a slip. The helpers do nothing when imported.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '@council/database';

const root = projectRoot();
const modules = ['scripts/lib', 'bench/lib'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => `${dir}/${f}`),
);

it('every helper module of the scripts and benches links: each name it imports is exported where it comes from', () => {
  expect(modules.length).toBeGreaterThan(15);
  const check = `
    const failed = [];
    for (const m of JSON.parse(process.argv[1])) {
      try { await import(new URL(m, 'file://' + process.cwd() + '/').href); } catch (e) { failed.push(m + ': ' + e.message); }
    }
    console.log(JSON.stringify(failed));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', check, JSON.stringify(modules)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([]);
});
