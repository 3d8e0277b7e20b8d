#!/usr/bin/env node
// npm test [-- jest args]: builds, then runs jest against a database and a queue prefix of its own
// (council_test_<timestamp>_<random>, test-<random>) so that it never touches a running platform's data;
// both are removed afterwards unless KEEP_TEST_DB=1. TEST_CLOCK=<date> runs it as if today were that date.
// The whole suite (no jest arguments) starts with `npm run lint` and `npm run typecheck`; a run of chosen tests, or one
// with the clock moved, skips them.
// Exits with lint's exit code if it fails, else jest's.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import process from 'node:process';

import { build, BUILD_OUTPUTS } from './lib/build.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { testClockEnv } from './lib/clock.mjs';
import { createDatabase, databaseName, dropDatabaseFamily, prepareDatabase } from './lib/database.mjs';
import { ensureDependencies } from './lib/deps.mjs';
import { platformEnv, redactUrl } from './lib/env.mjs';
import { createLogger, Fatal, runMain } from './lib/log.mjs';
import { exitCodeForSignal, foregroundChild, interrupted, npmCommand, onSignal, run, trapSignals } from './lib/proc.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';
import { databaseUrlFor, ensureServices } from './lib/services.mjs';

const log = createLogger('test');
const TEST_DB = /^council_test_\d+_[0-9a-f]+$/;
const TEST_PREFIX = /^test-[0-9a-f]+$/;

runMain(log, async () => {
  trapSignals();
  const jestArgs = process.argv.slice(2);
  const keep = process.env.KEEP_TEST_DB === '1';

  await ensureDependencies({ log });
  // Lint and types do not depend on the day: a moved-clock run (TEST_CLOCK, CI's second and third) runs only jest.
  if (jestArgs.length === 0 && !process.env.TEST_CLOCK) {
    // Lint first: it is quick and needs no services, and a style slip should not wait behind five minutes of tests.
    log.info('Running: npm run lint');
    const [lintCmd, lintArgs] = npmCommand(['run', 'lint']);
    const lint = await run(lintCmd, lintArgs);
    if (lint !== 0) {
      log.error(`Lint failed (exit code ${lint}): \`npm run lint:fix\` mends what it can.`);
      return lint;
    }
    // Jest compiles each file alone without checking types: a type slip in a test or a lib would pass unseen.
    log.info('Running: npm run typecheck');
    const [tcCmd, tcArgs] = npmCommand(['run', 'typecheck']);
    const typecheck = await run(tcCmd, tcArgs);
    if (typecheck !== 0) {
      log.error(`Type check failed (exit code ${typecheck}).`);
      return typecheck;
    }
  }
  const platform = platformEnv();
  await ensureServices({ start: true, log, env: platform });
  // The browser test's Chromium: installed with apt when we are root, else a clear message (none needed for a subset without it).
  await ensureChromium({ log, jestArgs, env: platform });
  // TEST_CLOCK=2027-01-02: the whole run sees that day as today (scripts/lib/clock.mjs).
  const clock = await testClockEnv({ log, value: platform.TEST_CLOCK, env: platform });
  await build({ log, expect: BUILD_OUTPUTS });

  const suffix = randomBytes(4).toString('hex');
  const dbName = `council_test_${Date.now()}_${suffix}`;
  const queuePrefix = `test-${randomBytes(4).toString('hex')}`;
  // Paranoia: what we create and later delete must never be what a running platform uses.
  if (dbName === databaseName(platform.DATABASE_URL) || !TEST_DB.test(dbName)) throw new Error(`bad test database name ${dbName}`);
  if (queuePrefix === platform.QUEUE_PREFIX || !TEST_PREFIX.test(queuePrefix)) throw new Error(`bad test queue prefix ${queuePrefix}`);

  const workers = testWorkers(platform.TEST_WORKERS);
  const env = {
    ...platform,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrlFor(platform.DATABASE_URL, dbName),
    QUEUE_PREFIX: queuePrefix,
    REDIS_URL: platform.REDIS_URL,
    TEST_WORKERS: String(workers),
    ...clock,
  };

  let dbCreated = false;
  let cleaning = false;
  let signals = 0;
  onSignal((signal) => {
    signals++;
    if (!dbCreated && !foregroundChild()) process.exit(exitCodeForSignal(signal));
    if (cleaning && signals >= 3) {
      log.error(`Cleanup abandoned; drop ${dbName} and the Redis keys ${queuePrefix}:* yourself.`);
      process.exit(exitCodeForSignal(signal));
    }
    if (signals === 1) log.warn(`${signal} received: stopping, then cleaning up (${signal} twice more to abandon the cleanup).`);
  });

  log.info(`Test database ${dbName}, queue prefix ${queuePrefix} (Redis ${redactUrl(env.REDIS_URL)}), ${workers} Jest worker(s).`);
  if (interrupted()) return exitCodeForSignal(interrupted());

  let exitCode;
  try {
    dbCreated = true; // from here on a signal leads to the cleanup, not to an immediate exit
    await createDatabase(platform.DATABASE_URL, dbName);
    await prepareDatabase(env, { demo: false, log });
    // Jest runs the files in `workers` processes at once; each has a copy of the database and a queue prefix of its
    // own (test/support/worker-environment.ts), so two files running together share nothing, while the files one
    // worker runs in turn share them as the whole suite did when it ran in one process.
    for (let worker = 1; worker <= workers; worker++) {
      await createDatabase(platform.DATABASE_URL, `${dbName}_w${worker}`, { template: dbName });
    }
    const [cmd, args] = npmCommand(['run', 'jest', '--', ...jestArgs]);
    log.info(
      `Running: npm run jest --${jestArgs.map((a) => ' ' + (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join('')}`,
    );
    exitCode = await run(cmd, args, { env });
    if (interrupted()) exitCode = exitCodeForSignal(interrupted());
  } catch (err) {
    if (err instanceof Fatal) {
      log.error(err.message);
      exitCode = err.exitCode;
    } else throw err;
  } finally {
    cleaning = true;
    if (keep) {
      log.info(
        `KEEP_TEST_DB=1: kept database ${dbName} and Redis keys ${queuePrefix}:*\n` +
          `  inspect: DATABASE_URL=${redactUrl(env.DATABASE_URL)} QUEUE_PREFIX=${queuePrefix}\n` +
          `  remove:  psql "${redactUrl(databaseUrlFor(platform.DATABASE_URL, 'postgres'))}" -c 'DROP DATABASE "${dbName}" WITH (FORCE)'\n` +
          `           redis-cli -u ${redactUrl(env.REDIS_URL)} --scan --pattern '${queuePrefix}:*' | xargs -r redis-cli -u ${redactUrl(env.REDIS_URL)} unlink`,
      );
    } else {
      await cleanUp(platform, dbName, queuePrefix);
    }
  }
  if (exitCode === 0) log.ok('Tests passed.');
  else log.error(`Tests failed (exit code ${exitCode}).`);
  return exitCode;
});

async function cleanUp(platform, dbName, queuePrefix) {
  try {
    const dropped = await dropDatabaseFamily(platform.DATABASE_URL, dbName);
    log.info(`Cleaned up: dropped ${dbName} and ${dropped.length - 1} database(s) of its workers and files.`);
  } catch (err) {
    log.warn(`Could not drop test database ${dbName}: ${err.message}`);
  }
  try {
    const n = await deleteKeysWithPrefix(platform.REDIS_URL, queuePrefix);
    log.info(`Cleaned up: deleted ${n} Redis key(s) ${queuePrefix}:*, ${queuePrefix}-*.`);
  } catch (err) {
    log.warn(`Could not delete Redis keys ${queuePrefix}:*: ${err.message}`);
  }
}

/**
 * How many files Jest runs at once: TEST_WORKERS, else one per core up to four. The suite spends much of its time
 * waiting (on processes it starts, queues, a browser), so on two cores two workers take half the time of one.
 */
function testWorkers(value) {
  if (value === undefined || value === '') return Math.max(1, Math.min(4, availableParallelism()));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Fatal(`TEST_WORKERS must be a whole number from 1 to 16 (got "${value}")`);
  return n;
}
