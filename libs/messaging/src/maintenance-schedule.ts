import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';

import { JOB_QUEUES, type JobType } from './jobs.js';

/**
 * Repeating maintenance jobs as BullMQ job schedulers, so replicas share one
 * run per interval. Redis may be flushed and lose the schedules with it, so
 * they are put back now and then.
 */
@Injectable()
export class MaintenanceSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('MaintenanceSchedule');
  private readonly entries = new Map<JobType, number>();
  private timer?: NodeJS.Timeout;

  constructor(@InjectQueue('maintenance') private readonly queue: Queue) {}

  every(type: JobType, ms: number): void {
    if (JOB_QUEUES[type] !== 'maintenance') throw new Error(`${type} is not a maintenance job`);
    this.entries.set(type, ms);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.entries.size === 0) return;
    await this.upsertAll();
    const shortest = Math.min(...this.entries.values());
    this.timer = setInterval(
      () => void this.upsertAll().catch((e) => this.log.warn(`schedule: ${(e as Error).message}`)),
      Math.max(shortest, 10_000),
    );
  }

  private async upsertAll(): Promise<void> {
    for (const [type, every] of this.entries) await this.queue.upsertJobScheduler(type, { every }, { name: type, data: {} });
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
