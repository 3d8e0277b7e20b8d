// ensureChromium(): the browser test (test/briefing-screen.e2e-spec.ts) drives Debian's chromium through
// playwright-core, which downloads no browser of its own. When /usr/bin/chromium (or CHROMIUM_PATH) is missing:
// install Debian's `chromium` package with apt when running as root on a machine that has apt-get; otherwise
// stop and say how to install it. Not needed (and not checked) when the Jest arguments select no browser test.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

import { aptInstall } from './apt.mjs';
import { ROOT } from './env.mjs';
import { Fatal } from './log.mjs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** The test files that start a browser. */
export const BROWSER_TESTS = Object.freeze(['test/briefing-screen.e2e-spec.ts']);

// Jest options whose value is the next argument (so that value is not a path pattern).
const VALUE_OPTIONS = new Set([
  '-c',
  '--config',
  '-t',
  '--testNamePattern',
  '-w',
  '--maxWorkers',
  '--reporters',
  '--testPathIgnorePatterns',
  '--selectProjects',
  '--shard',
  '--outputFile',
  '--seed',
  '--testTimeout',
  '--rootDir',
  '--roots',
  '--coverageDirectory',
  '--testEnvironment',
  '--testRunner',
  '--maxConcurrency',
  '--changedSince',
  '--json-output',
  '--filter',
]);

export function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The path patterns among `npm test -- <args>` (Jest treats positional arguments and --testPathPatterns so). */
export function testPathPatterns(jestArgs) {
  const patterns = [];
  for (let i = 0; i < jestArgs.length; i++) {
    const arg = jestArgs[i];
    const eq = /^--testPathPatterns?=(.*)$/.exec(arg);
    if (eq) patterns.push(eq[1]);
    else if (arg === '--testPathPatterns' || arg === '--testPathPattern') {
      while (i + 1 < jestArgs.length && !jestArgs[i + 1].startsWith('-')) patterns.push(jestArgs[++i]);
    } else if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) patterns.push(arg);
  }
  return patterns;
}

/** Whether these Jest arguments run a browser test: no pattern runs everything; a bad regex counts as yes. */
export function needsBrowser(jestArgs) {
  const patterns = testPathPatterns(jestArgs);
  if (!patterns.length) return true;
  const files = BROWSER_TESTS.map((f) => path.join(ROOT, f));
  return patterns.some((p) => {
    try {
      const re = new RegExp(p, 'i');
      return files.some((f) => re.test(f));
    } catch {
      return true;
    }
  });
}

function howToInstall(where) {
  return [
    `The browser test (${BROWSER_TESTS.join(', ')}) needs Chromium at ${where}, and it is not there.`,
    'Install it, then run npm test again:',
    '  Debian:         sudo apt-get install -y chromium',
    '  Ubuntu/other:   install Chromium or Google Chrome, and set CHROMIUM_PATH=/path/to/the/browser',
    'Or leave the browser test out: npm test -- <a pattern that does not match it>, e.g. npm test -- test/sync',
  ].join('\n');
}

/**
 * Makes sure the browser the browser test uses exists; installs Debian's `chromium` with apt when this
 * process runs as root and apt-get exists. Returns the browser's path, or null when the run needs none.
 */
export async function ensureChromium({ log, jestArgs = [], env = process.env }) {
  if (!needsBrowser(jestArgs)) return null;
  const browser = chromiumPath(env);
  if (isExecutable(browser)) return browser;
  if (env.CHROMIUM_PATH)
    throw new Fatal(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file.\n${howToInstall(env.CHROMIUM_PATH)}`);

  await aptInstall({
    log,
    packages: ['chromium'],
    why: `${browser} is missing; the browser test needs it`,
    howToInstall: howToInstall(browser),
  });
  if (!isExecutable(browser)) throw new Fatal(`apt-get installed chromium, but ${browser} is still missing.\n${howToInstall(browser)}`);
  log.ok(`Chromium installed: ${browser}`);
  return browser;
}
