// Child processes: run a command in the foreground (stdio inherited) so that
// Ctrl-C / SIGTERM reach it, and let the script find out it was interrupted.
import { spawn } from 'node:child_process';
import process from 'node:process';

import { ROOT } from './env.mjs';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

let current = null; // the foreground child, if any
let interruptedBy = null;
const listeners = new Set();

/** Installs SIGINT/SIGTERM/SIGHUP handlers once: they record the signal, forward it to the
 *  foreground child (which may already have it from the terminal) and call the listeners. */
export function trapSignals() {
  if (trapSignals.done) return;
  trapSignals.done = true;
  for (const signal of Object.keys(SIGNAL_EXIT)) {
    process.on(signal, () => {
      const first = interruptedBy === null;
      interruptedBy ??= signal;
      if (current && current.exitCode === null && current.signalCode === null) {
        try {
          current.kill(signal);
        } catch {
          /* already gone */
        }
      }
      if (listeners.size) {
        for (const fn of listeners) fn(signal, first);
      } else if (!current) {
        process.exit(SIGNAL_EXIT[signal]); // nothing in the foreground to wait for
      }
    });
  }
}

export const interrupted = () => interruptedBy;
export const foregroundChild = () => current;
export const exitCodeForSignal = (signal) => SIGNAL_EXIT[signal] ?? 1;
export function onSignal(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The npm that is running us (npm_execpath) when there is one, else `npm` from PATH. */
export function npmCommand(args) {
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.[cm]?js$/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['npm', args];
}

/** Runs a command with inherited stdio; resolves with its exit code (128+n when killed by a signal). */
export function run(command, args, { env = process.env, cwd = ROOT } = {}) {
  // Once interrupted, start nothing new.
  if (interruptedBy) return Promise.resolve(exitCodeForSignal(interruptedBy));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    current = child;
    child.once('error', (err) => {
      if (current === child) current = null;
      reject(err);
    });
    child.once('exit', (code, signal) => {
      if (current === child) current = null;
      resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : signal === 'SIGINT' ? 2 : 1));
    });
  });
}

/** Runs a command and captures its output (for small helper commands such as pg_lsclusters). */
export function capture(command, args, { env = process.env, cwd = ROOT, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    let output = '';
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    } catch (err) {
      resolve({ code: 127, output: String(err.message) });
      return;
    }
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => resolve({ code: 127, output: output + err.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
