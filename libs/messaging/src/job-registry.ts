import { Injectable } from '@nestjs/common';

import type { EventType } from './events.js';
import { JOB_QUEUES, type JobPayload, type JobType } from './jobs.js';
import type { QueueName } from './queues.js';

export interface JobContext {
  /** Event id (outbox row id) for events, BullMQ job id otherwise. */
  id: string;
  attempt: number;
  occurredAt?: string;
}

export type JobHandler<T extends JobType> = (payload: JobPayload<T>, job: JobContext) => Promise<void>;

/** A reaction's job: what the queue needs to run it once the event's handler succeeded. */
export interface ReactionJobSpec {
  /** Stable across redeliveries of the event, so a retried event job queues each reaction once. */
  jobId: string;
  payload: JobPayload<'EventReaction'>;
}

/**
 * Handlers by job type. Feature modules register theirs at init; the queue
 * workers dispatch through it. A second handler for a type is a start-up error,
 * and so is a missing one (`assertComplete`). Other features may also react to
 * an event (`subscribe`, by a name unique for that event): once its handler
 * succeeded, each reaction becomes an `EventReaction` job of its own, so a
 * failing reaction retries alone and an applied event never reaches the dead
 * letters because of it. A reaction may run more than once and must be
 * idempotent.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<JobType, JobHandler<JobType>>();
  private readonly reactions = new Map<EventType, Map<string, JobHandler<EventType>>>();

  constructor() {
    this.register('EventReaction', (job, ctx) => this.react(job, ctx));
  }

  register<T extends JobType>(type: T, handler: JobHandler<T>): void {
    if (this.handlers.has(type)) throw new Error(`job ${type} has two handlers`);
    this.handlers.set(type, handler as unknown as JobHandler<JobType>);
  }

  /** A reaction to an event another feature handles (notifications of a returned report…); see above. */
  subscribe<T extends EventType>(type: T, name: string, reaction: JobHandler<T>): void {
    const named = this.reactions.get(type) ?? new Map<string, JobHandler<EventType>>();
    if (named.has(name)) throw new Error(`event ${type} has two reactions named ${name}`);
    named.set(name, reaction as unknown as JobHandler<EventType>);
    this.reactions.set(type, named);
  }

  handlerFor(type: string): JobHandler<JobType> | undefined {
    return this.handlers.get(type as JobType);
  }

  /** The reaction jobs an event's success queues (none for a job that is not an event, or that nobody reacts to). */
  reactionJobs(type: string, eventId: string, payload: unknown): ReactionJobSpec[] {
    const named = this.reactions.get(type as EventType);
    if (!named) return [];
    return [...named.keys()].map((reaction) => ({
      jobId: `${eventId}.${reaction}`,
      payload: { event: type as EventType, reaction, eventId, payload },
    }));
  }

  private async react({ event, reaction, eventId, payload }: JobPayload<'EventReaction'>, ctx: JobContext): Promise<void> {
    const run = this.reactions.get(event)?.get(reaction);
    // A reaction renamed or removed by a deploy while its job waited: failed loudly, kept for an operator.
    if (!run) throw new Error(`no reaction ${reaction} to ${event}`);
    await run(payload as never, { ...ctx, id: eventId });
  }

  /** Every job of the given queues has exactly one handler, or the process must not start. */
  assertComplete(queues: readonly QueueName[]): void {
    const missing = (Object.entries(JOB_QUEUES) as [JobType, QueueName][])
      .filter(([type, queue]) => queues.includes(queue) && !this.handlers.has(type))
      .map(([type]) => type);
    if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  }
}
