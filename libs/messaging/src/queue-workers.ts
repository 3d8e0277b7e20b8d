import type { AppConfig } from '@council/core';
import { APP_CONFIG, HealthRegistry } from '@council/server';
import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type Job, type Queue, Worker } from 'bullmq';

import { bullConnection } from './bullmq-connection.js';
import { deadLetterOf } from './dead-letters.js';
import { JobRegistry } from './job-registry.js';
import type { EventJobData } from './jobs.js';
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
  ) {}

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
        this.log[final ? 'error' : 'warn'](
          `${name}/${job?.name} ${job?.id} attempt ${job?.attemptsMade}${final ? ' — gave up, kept as failed (dead letter)' : ''}: ${err.message}`,
        );
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
  }

  private async process(job: Job): Promise<void> {
    const handler = this.registry.handlerFor(job.name);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    const data = job.data as Partial<EventJobData>;
    await handler((data.payload ?? data) as never, {
      id: data.eventId ?? job.id ?? '',
      attempt: job.attemptsMade + 1,
      occurredAt: data.occurredAt,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // Let running jobs finish (their transactions commit or roll back), then leave.
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
