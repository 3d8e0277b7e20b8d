// ensureDependencies(): `npm install` when node_modules is missing or older than package.json /
// package-lock.json. npm install, not npm ci: the team's STACK notes explain it (the lockfile written here
// omits non-Linux optional binaries, which makes npm ci fail).
import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from './env.mjs';
import { Fatal } from './log.mjs';
import { exitCodeForSignal, interrupted, npmCommand, run } from './proc.mjs';

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
};

export function dependenciesStale() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(path.join(ROOT, 'node_modules'))) return 'node_modules is missing';
  const installed = mtime(marker);
  if (installed === null) return 'node_modules/.package-lock.json is missing';
  for (const file of ['package.json', 'package-lock.json']) {
    const changed = mtime(path.join(ROOT, file));
    if (changed !== null && changed > installed) return `${file} changed since the last install`;
  }
  return null;
}

export async function ensureDependencies({ log }) {
  const reason = dependenciesStale();
  if (!reason) return false;
  log.info(`Installing dependencies (${reason}): npm install --no-audit --no-fund`);
  const [cmd, args] = npmCommand(['install', '--no-audit', '--no-fund']);
  let code;
  try {
    code = await run(cmd, args);
  } catch (err) {
    throw new Fatal(`Could not run npm (${err.message}). Is Node.js/npm installed and on PATH?`);
  }
  if (interrupted()) throw new Fatal('Interrupted during npm install.', { exitCode: exitCodeForSignal(interrupted()) });
  if (code !== 0) throw new Fatal(`npm install failed (exit code ${code}); see the npm output above.`);
  // npm does not always rewrite its hidden lockfile when nothing changed: mark this install as current,
  // otherwise every run would install again.
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (fs.existsSync(marker)) {
    const now = new Date();
    fs.utimesSync(marker, now, now);
  }
  return true;
}
