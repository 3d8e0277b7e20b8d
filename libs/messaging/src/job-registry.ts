import { Injectable } from '@nestjs/common';

import { JOB_QUEUES, type JobPayload, type JobType } from './jobs.js';
import type { QueueName } from './queues.js';

export interface JobContext {
  /** Event id (outbox row id) for events, BullMQ job id otherwise. */
  id: string;
  attempt: number;
  occurredAt?: string;
}

export type JobHandler<T extends JobType> = (payload: JobPayload<T>, job: JobContext) => Promise<void>;

/**
 * Handlers by job type. Feature modules register theirs at init; the queue
 * workers dispatch through it. A second handler for a type is a start-up error,
 * and so is a missing one (`assertComplete`). Other features may also react to
 * an event (`subscribe`): their reactions run in the same job, after its
 * handler succeeded, so a failed reaction retries the job (the handler's inbox
 * makes the retry a no-op for it) and a reaction must itself be idempotent.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<JobType, JobHandler<JobType>>();
  private readonly reactions = new Map<JobType, JobHandler<JobType>[]>();

  register<T extends JobType>(type: T, handler: JobHandler<T>): void {
    if (this.handlers.has(type)) throw new Error(`job ${type} has two handlers`);
    this.handlers.set(type, handler as unknown as JobHandler<JobType>);
  }

  /** A reaction to an event another feature handles (notifications of a returned report…); see above. */
  subscribe<T extends JobType>(type: T, reaction: JobHandler<T>): void {
    const list = this.reactions.get(type) ?? [];
    list.push(reaction as unknown as JobHandler<JobType>);
    this.reactions.set(type, list);
  }

  handlerFor(type: string): JobHandler<JobType> | undefined {
    const handler = this.handlers.get(type as JobType);
    const reactions = this.reactions.get(type as JobType);
    if (!handler || !reactions) return handler;
    return async (payload, job) => {
      await handler(payload, job);
      for (const react of reactions) await react(payload, job);
    };
  }

  /** Every job of the given queues has exactly one handler, or the process must not start. */
  assertComplete(queues: readonly QueueName[]): void {
    const missing = (Object.entries(JOB_QUEUES) as [JobType, QueueName][])
      .filter(([type, queue]) => queues.includes(queue) && !this.handlers.has(type))
      .map(([type]) => type);
    if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  }
}
