/**
 * Jest's setup for every test file (jest.config.mjs `setupFiles`): Jest runs TEST_WORKERS files at once
 * (scripts/test.mjs), and each worker has its own copy of the run's database (`<run>_w<n>`) and its own queue
 * prefix (`<run>-w<n>`): two files running at the same time share no rows, queues, jobs or live channels. The files
 * one worker runs in turn share them, as every file did when the suite ran in one process.
 * Jest gives each file its own `process.env`, which the apps it starts in-process and the processes it spawns read.
 */
const worker = process.env.JEST_WORKER_ID;
const database = process.env.DATABASE_URL ?? '';
const prefix = process.env.QUEUE_PREFIX ?? '';

if (worker && process.env.TEST_WORKERS && /\/council_test_\d+_[0-9a-f]+$/.test(database) && /^test-[0-9a-f]+$/.test(prefix)) {
  process.env.DATABASE_URL = `${database}_w${worker}`;
  process.env.QUEUE_PREFIX = `${prefix}-w${worker}`;
}

export {};
