// build(): tsc (incremental, tsBuildInfoFile in dist/) then tsc-alias to rewrite the @council/* imports.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { appEntry, APPS, DATABASE_CLI, ROOT } from './env.mjs';
import { Fatal, formatDuration } from './log.mjs';
import { exitCodeForSignal, interrupted, run } from './proc.mjs';

const TSCONFIG = 'tsconfig.build.json';
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

export const BUILD_OUTPUTS = Object.freeze([...APPS.map((a) => appEntry(a.name)), DATABASE_CLI]);

async function step(label, cmd, args) {
  const code = await run(cmd, args);
  if (interrupted()) throw new Fatal('Build interrupted.', { exitCode: exitCodeForSignal(interrupted()) });
  if (code !== 0) throw new Fatal(`${label} failed (exit code ${code}); see the errors above.`);
}

/** Removes emitted .js/.js.map files whose .ts source no longer exists (e.g. a renamed migration). */
function pruneOrphans(log) {
  let removed = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.js(\.map)?$/.test(entry.name)) {
        const rel = path.relative(path.join(ROOT, 'dist'), full).replace(/\.js(\.map)?$/, '');
        const sources = ['.ts', '.tsx', '.mts', '.cts', '.js'].map((ext) => path.join(ROOT, rel + ext));
        if (!sources.some((s) => fs.existsSync(s))) {
          fs.rmSync(full);
          removed++;
        }
      }
    }
  };
  for (const top of ['apps', 'libs', 'bench']) {
    const dir = path.join(ROOT, 'dist', top);
    if (fs.existsSync(dir)) walk(dir);
  }
  if (removed) log.info(`Removed ${removed} stale file(s) from dist/ whose source is gone.`);
}

const missing = (outputs) => outputs.filter((f) => !fs.existsSync(path.join(ROOT, f)));

/** Builds the monorepo; returns the time taken in ms. `expect`: files that must exist afterwards. */
export async function build({ log, expect = BUILD_OUTPUTS } = {}) {
  const started = performance.now();
  log.info(`Building (tsc -p ${TSCONFIG}, tsc-alias)…`);
  await step('TypeScript compilation (tsc)', bin('tsc'), ['-p', TSCONFIG]);
  if (missing(expect).length) {
    // Outputs deleted behind tsc's back: its incremental state believes they exist. Rebuild from scratch once.
    const info = path.join(ROOT, 'dist', '.tsbuildinfo');
    if (fs.existsSync(info)) {
      log.info('Some outputs are missing although tsc thinks they are current: rebuilding without the incremental cache.');
      fs.rmSync(info);
      await step('TypeScript compilation (tsc)', bin('tsc'), ['-p', TSCONFIG]);
    }
  }
  await step('Path alias rewriting (tsc-alias)', bin('tsc-alias'), ['-p', TSCONFIG]);
  pruneOrphans(log);
  const absent = missing(expect);
  if (absent.length) {
    throw new Fatal(
      `The build finished but these files are missing:\n  ${absent.join('\n  ')}\n(check the apps/libs layout and tsconfig.build.json)`,
    );
  }
  const ms = performance.now() - started;
  log.ok(`Build done in ${formatDuration(ms)}.`);
  return ms;
}
