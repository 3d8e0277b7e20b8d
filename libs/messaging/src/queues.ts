import type { DefaultJobOptions } from 'bullmq';

/**
 * Every queue and its settings, in one record. Jobs are retried with
 * exponential backoff; failed jobs are kept (the dead-letter view) and
 * completed ones trimmed: the consumers' inbox, not BullMQ's job ids, is what
 * makes an effect happen once.
 */
// Completed jobs are kept an hour: the relay looks a sent event's job up to confirm it, and re-sends one that is gone.
export const QUEUES = {
  /**
   * District side → city side: report snapshots, plans, assignment progress.
   * Many in flight: report snapshots that arrive together are written in one
   * transaction (GroupCommit), so concurrency here is the largest batch, not
   * the number of open transactions.
   */
  'to-city': {
    concurrency: 32,
    jobs: { attempts: 10, backoff: { type: 'exponential', delay: 200 }, removeOnComplete: { age: 3600 }, removeOnFail: false },
  },
  /** City side → district side: directives to fan out. */
  'to-district': {
    concurrency: 4,
    jobs: { attempts: 10, backoff: { type: 'exponential', delay: 200 }, removeOnComplete: { age: 3600 }, removeOnFail: false },
  },
  /** Reactions to applied events (notifications…): apart from the events, so a failing one holds back no sync. */
  reactions: {
    concurrency: 4,
    jobs: { attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 3600 }, removeOnFail: false },
  },
  /** Scheduled work: reconciliation, overdue marking, reminders. */
  maintenance: {
    concurrency: 1,
    jobs: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
  },
} as const satisfies Record<string, { concurrency: number; jobs: DefaultJobOptions }>;

export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

/**
 * Worker settings shared by every queue. A killed worker's job is handed to
 * another after the lock lapses (lockDuration) and a stall check notices
 * (stalledInterval): seconds, not the default half-minute, because jobs here
 * take milliseconds.
 */
export const WORKER_SETTINGS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 10 } as const;
