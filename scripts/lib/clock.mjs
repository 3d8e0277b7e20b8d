// TEST_CLOCK: `TEST_CLOCK=2027-01-02 npm test` runs the whole suite as if today were that day — Jest and the apps and
// workers it starts — through Debian's libfaketime (LD_PRELOAD), with the clock moved by a fixed offset so every
// process agrees on the time and it keeps ticking. A date alone means 08:00 Vietnam time that day; a full ISO
// timestamp (`2031-06-30T23:59:00+07:00`) sets the moment itself.
// PostgreSQL, Redis (the shared one and the fault tests' private ones) and Chromium keep the real time: the apps decide
// every date-dependent rule (late, not started, overdue) from their own clock and pass it in, so only stored timestamps
// such as created_at show the real day, and the browser tests set the pages' clock (test/support/browser.ts).
import fs from 'node:fs';
import process from 'node:process';

import { aptInstall } from './apt.mjs';
import { Fatal } from './log.mjs';
import { capture } from './proc.mjs';

const LIBRARIES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
];
const HOW = [
  'TEST_CLOCK needs libfaketime (the multithreaded libfaketimeMT.so.1).',
  '  Debian/Ubuntu:  sudo apt-get install -y libfaketime',
  'or set FAKETIME_LIBRARY=/path/to/libfaketimeMT.so.1',
].join('\n');

/** The instant TEST_CLOCK names, or a Fatal saying what is accepted. */
export function parseTestClock(value) {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T08:00:00+07:00` : value;
  const instant = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(instant.getTime())) {
    throw new Fatal(`TEST_CLOCK=${value} is neither a date (2027-01-02) nor an ISO timestamp (2031-06-30T23:59:00+07:00).`);
  }
  return instant;
}

const findLibrary = (env) => [env.FAKETIME_LIBRARY, ...LIBRARIES].find((file) => file && fs.existsSync(file));

/**
 * The variables that make a child process (and everything it starts) see `value` as now, checked on a node
 * child before anything relies on them; {} when value is empty.
 */
export async function testClockEnv({ log, value, env = process.env }) {
  if (!value) return {};
  const target = parseTestClock(value);
  let library = findLibrary(env);
  if (!library) {
    await aptInstall({ log, packages: ['libfaketime'], why: 'TEST_CLOCK is set', howToInstall: HOW });
    library = findLibrary(env);
    if (!library) throw new Fatal(`apt-get installed libfaketime, but none of ${LIBRARIES.join(', ')} exists.\n${HOW}`);
  }
  const offset = Math.round((target.getTime() - Date.now()) / 1000);
  const vars = {
    LD_PRELOAD: [library, env.LD_PRELOAD].filter(Boolean).join(' '),
    FAKETIME: `${offset >= 0 ? '+' : '-'}${Math.abs(offset)}`,
    // Timers and timeouts keep real durations; only the wall clock moves.
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    TEST_CLOCK: value,
  };
  const probe = await capture(process.execPath, ['-e', 'process.stdout.write(String(Date.now()))'], { env: { ...env, ...vars } });
  const seen = Number(probe.output);
  if (probe.code !== 0 || !Number.isFinite(seen) || Math.abs(seen - target.getTime()) > 60_000) {
    throw new Fatal(
      `libfaketime (${library}) did not move the clock to ${target.toISOString()} (a node child said ${probe.output.trim() || probe.code}).\n${HOW}`,
    );
  }
  log.info(`TEST_CLOCK=${value}: every process of this run sees ${target.toISOString()} as now (libfaketime, offset ${vars.FAKETIME} s).`);
  return vars;
}
