import { randomUUID } from 'node:crypto';

import type { AppConfig } from '@council/core';
import { APP_CONFIG, HealthRegistry, MetricsRegistry, runWithRequestId, type Sample, secondsSince } from '@council/server';
import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type Job, type Queue, Worker } from 'bullmq';
import type { Histogram } from 'prom-client';

import { bullConnection } from './bullmq-connection.js';
import { deadLetterOf } from './dead-letters.js';
import { JobRegistry } from './job-registry.js';
import { type EventJobData, JOB_QUEUES } from './jobs.js';
import { type QueueName, QUEUES, WORKER_SETTINGS } from './queues.js';

export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/**
 * One BullMQ worker per consumed queue, dispatching each job to its handler.
 * Starts only after every module registered its handlers, and refuses to
 * start if a job of these queues has none.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('QueueWorkers');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CONSUMED_QUEUES) private readonly queues: QueueName[],
    private readonly registry: JobRegistry,
    private readonly health: HealthRegistry,
    private readonly modules: ModuleRef,
    private readonly metrics: MetricsRegistry,
  ) {
    // From an event's commit on its side (the outbox row's time) to its handler's success on the other.
    this.syncLag = metrics.histogram({
      name: 'council_sync_lag_seconds',
      help: 'Seconds from an event committed on one side (a report submitted…) to its job applied on the other, by event',
      labelNames: ['event'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    });
  }

  private readonly syncLag: Histogram<'event'>;

  onApplicationBootstrap(): void {
    this.registry.assertComplete(this.queues);
    for (const name of this.queues) {
      const worker = new Worker(name, (job) => this.process(job), {
        connection: bullConnection(this.config),
        prefix: this.config.queuePrefix,
        concurrency: QUEUES[name].concurrency,
        ...WORKER_SETTINGS,
      });
      worker.on('failed', (job, err) => {
        const final = job && job.attemptsMade >= (job.opts.attempts ?? 1);
        this.log[final ? 'error' : 'warn']({
          msg: `${name}/${job?.name} ${job?.id} attempt ${job?.attemptsMade}${final ? ' — gave up, kept as failed (dead letter)' : ''}: ${err.message}`,
          requestId: (job?.data as Partial<EventJobData> | undefined)?.requestId,
        });
      });
      worker.on('error', (err) => this.log.warn(`${name}: ${err.message}`));
      this.workers.push(worker);
    }
    // Jobs that used up their attempts stay in "failed" (the dead letter): counted here, the latest shown with its error.
    this.health.register('queues', async () => {
      const out: Record<string, unknown> = {};
      for (const w of this.workers) {
        const queue = this.modules.get<Queue>(getQueueToken(w.name), { strict: false });
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        const failed = counts.failed ? await queue.getFailed(0, 2) : [];
        out[w.name] = { running: w.isRunning(), ...counts, deadLetters: failed.map((j) => deadLetterOf(w.name as QueueName, j)) };
      }
      return out;
    });
    this.registerMetrics();
  }

  /** Every consumed queue's depth by state, its dead letters and how long its oldest waiting job has waited. */
  private registerMetrics(): void {
    const queues = () => this.workers.map((w) => [w.name, this.modules.get<Queue>(getQueueToken(w.name), { strict: false })] as const);
    this.metrics.gauge('council_queue_jobs', 'Jobs in a queue by state (waiting, active, delayed)', ['queue', 'state'], async () => {
      const samples: Sample[] = [];
      for (const [queue, q] of queues()) {
        const counts = await q.getJobCounts('waiting', 'active', 'delayed');
        for (const [state, n] of Object.entries(counts)) samples.push([{ queue, state }, n]);
      }
      return samples;
    });
    this.metrics.gauge(
      'council_queue_dead_letters',
      'Jobs that used up their attempts and stay failed until an operator retries them (npm run dead-letters)',
      ['queue'],
      async () => Promise.all(queues().map(async ([queue, q]): Promise<Sample> => [{ queue }, await q.getFailedCount()])),
    );
    this.metrics.gauge(
      'council_queue_oldest_waiting_age_seconds',
      'Seconds since the oldest job still waiting in a queue was added (0 when none waits)',
      ['queue'],
      async () =>
        Promise.all(
          queues().map(async ([queue, q]): Promise<Sample> => {
            const [oldest] = await q.getJobs(['waiting'], 0, 0, true);
            return [{ queue }, secondsSince(oldest?.timestamp)];
          }),
        ),
    );
  }

  /**
   * Runs a job as part of the request that wrote its event (a scheduled job as a request of its own): its lines,
   * and the events it writes in turn, carry that request's id. An applied event gets its line, as a request does.
   */
  private async process(job: Job): Promise<void> {
    const handler = this.registry.handlerFor(job.name);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    const data = job.data as Partial<EventJobData>;
    await runWithRequestId(data.requestId ?? randomUUID(), async () => {
      const started = Date.now();
      await handler((data.payload ?? data) as never, {
        id: data.eventId ?? job.id ?? '',
        attempt: job.attemptsMade + 1,
        occurredAt: data.occurredAt,
      });
      await this.queueReactions(job, data);
      const line = { job: job.name, attempt: job.attemptsMade + 1, durationMs: Date.now() - started };
      // lagMs: from the change's commit on its side to its being applied on this one.
      const lag = data.occurredAt ? { lagMs: Date.now() - Date.parse(data.occurredAt) } : {};
      if (data.eventId) this.log.log({ msg: `applied ${job.name}`, eventId: data.eventId, ...line, ...lag });
      else this.log.debug({ msg: `ran ${job.name}`, jobId: job.id, ...line });
    });
    if (data.occurredAt) this.syncLag.observe({ event: job.name }, secondsSince(data.occurredAt));
  }

  /**
   * After an event's handler succeeded: its reactions, each a job of its own. Queued before this job completes, so a
   * crash in between redelivers the event (a no-op for its handler) and queues them then; the job ids make that once.
   */
  private async queueReactions(job: Job, data: Partial<EventJobData>): Promise<void> {
    if (!data.eventId) return;
    const reactions = this.registry.reactionJobs(job.name, data.eventId, data.payload);
    if (reactions.length === 0) return;
    const queue = this.modules.get<Queue>(getQueueToken(JOB_QUEUES.EventReaction), { strict: false });
    await queue.addBulk(
      reactions.map(({ jobId, payload }) => ({ name: 'EventReaction', data: { payload, requestId: data.requestId }, opts: { jobId } })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // Let running jobs finish (their transactions commit or roll back), then leave.
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
