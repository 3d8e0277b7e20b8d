/**
 * Start-up refusals: run an app's built entry point until it exits by itself. A process that hangs is killed
 * after the limit and then exits by a signal with no code, which `expectRefusedStart` fails on: "it did not
 * start" must mean it refused and said so, not that it stalled.
 */
import { spawn } from 'node:child_process';

import { projectRoot } from '@council/database';

import { sanityBoundMs } from './sanity-bounds.js';

export interface StartOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

// Generous: a refusal takes about a second; a slow CI machine may take several to load the app.
const SANITY_EXIT_WITHIN_MS = sanityBoundMs('TEST_START_UP_LIMIT_MS', 30_000);

export function runUntilExit(script: string, env: NodeJS.ProcessEnv): Promise<StartOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: projectRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), SANITY_EXIT_WITHIN_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** It ended by itself with a failure code: no signal (ours after a hang, or a crash), no 0. */
export function expectRefusedStart(outcome: StartOutcome): void {
  expect({ signal: outcome.signal, exitedWithCode: typeof outcome.code === 'number' }).toEqual({ signal: null, exitedWithCode: true });
  expect(outcome.code).not.toBe(0);
}
