import type { Job, Queue } from 'bullmq';

import { QUEUE_NAMES, type QueueName } from './queues.js';

/** A job that used up its attempts: kept in BullMQ's "failed" state with its error until someone retries it. */
export interface DeadLetter {
  queue: QueueName;
  id: string;
  name: string;
  attempts: number;
  error: string;
  failedAt: string | null;
}

/** How a failed job is shown to people: on the worker's /health and by `npm run dead-letters`. */
export function deadLetterOf(queue: QueueName, job: Job): DeadLetter {
  return {
    queue,
    id: job.id ?? '',
    name: job.name,
    attempts: job.attemptsMade,
    error: job.failedReason ?? '',
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/** The dead letters of every queue, oldest first (at most `limit` per queue). */
export async function listDeadLetters(queues: Record<QueueName, Queue>, limit = 100): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (const queue of QUEUE_NAMES) {
    // getFailed lists newest first; the oldest come first in a list read as a backlog.
    const jobs = await queues[queue].getFailed(0, limit - 1);
    for (const job of jobs.reverse()) if (job?.id) out.push(deadLetterOf(queue, job));
  }
  return out;
}

/**
 * Sends dead letters round again, with their attempts afresh: `ids` only, or
 * every one. Safe to repeat (the consumers' inboxes drop what was applied);
 * once a job completes, the relay confirms its outbox row at its next look.
 * Returns how many were sent round again.
 */
export async function retryDeadLetters(queues: Record<QueueName, Queue>, ids?: string[]): Promise<number> {
  let retried = 0;
  for (const queue of QUEUE_NAMES) {
    // One by one (not queue.retryJobs): each starts its attempts, and so its backoff, afresh.
    const jobs = ids ? await Promise.all(ids.map((id) => queues[queue].getJob(id))) : await queues[queue].getFailed(0, -1);
    for (const job of jobs) {
      if (!job || (await job.getState()) !== 'failed') continue;
      await job.retry('failed', { resetAttemptsMade: true });
      retried++;
    }
  }
  return retried;
}
