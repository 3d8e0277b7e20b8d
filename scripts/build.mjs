#!/usr/bin/env node
// npm run build: install dependencies if needed, then tsc + tsc-alias into dist/.
import { build } from './lib/build.mjs';
import { ensureDependencies } from './lib/deps.mjs';
import { createLogger, runMain } from './lib/log.mjs';
import { trapSignals } from './lib/proc.mjs';

const log = createLogger('build');

runMain(log, async () => {
  trapSignals();
  await ensureDependencies({ log });
  await build({ log });
  return 0;
});
