import { ConfigError, loadConfig } from '@council/core';
import { Queue } from 'bullmq';

import { bullConnection } from './bullmq-connection.js';
import { listDeadLetters, retryDeadLetters } from './dead-letters.js';
import { QUEUE_NAMES, type QueueName } from './queues.js';

const USAGE = `usage: npm run dead-letters [-- list | retry [jobId …]]
  list             việc lỗi — dead letters (jobs that used up their attempts), oldest first, with their errors (the default)
  retry            send every one round again, attempts afresh — after fixing what made them fail
  retry <jobId> …  only these (the job id is the event id)`;

/** Operators' view of the dead letters (REDIS_URL, QUEUE_PREFIX as the apps use them). */
async function main(argv: string[]): Promise<void> {
  const [command = 'list', ...ids] = argv;
  if (!['list', 'retry'].includes(command) || (command === 'list' && ids.length)) throw new Error(USAGE);
  const config = loadConfig(process.env);
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection: bullConnection(config), prefix: config.queuePrefix })]),
  ) as Record<QueueName, Queue>;
  try {
    if (command === 'retry') {
      const n = await retryDeadLetters(queues, ids.length ? ids : undefined);
      console.log(`Đã gửi lại ${n} việc lỗi / ${n} dead letter(s) sent round again.`);
      return;
    }
    const letters = await listDeadLetters(queues);
    console.log(`Việc lỗi (đã hết số lần thử) / dead letters: ${letters.length}`);
    for (const l of letters)
      console.log(`${l.queue}\t${l.id}\t${l.name}\t${l.attempts} lần thử / attempts\t${l.failedAt ?? '-'}\t${l.error}`);
  } finally {
    await Promise.all(Object.values(queues).map((q) => q.close()));
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e instanceof Error && e.message.startsWith('usage:') ? e.message : e);
  process.exit(2);
});
