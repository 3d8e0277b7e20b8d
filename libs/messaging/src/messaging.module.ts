import type { AppConfig } from '@council/core';
import { APP_CONFIG } from '@council/server';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import { bullConnection } from './bullmq-connection.js';
import { JobRegistry } from './job-registry.js';
import { MaintenanceSchedule } from './maintenance-schedule.js';
import { OutboxRelays, RELAY_SOURCES, type RelaySource } from './outbox-relay.js';
import { CONSUMED_QUEUES, QueueWorkers } from './queue-workers.js';
import { QUEUE_NAMES, type QueueName, QUEUES } from './queues.js';

export interface MessagingOptions {
  /** Queues this process consumes (the sync worker: all of them). */
  consume?: QueueName[];
  /** The outboxes this process relays (the sync worker: both sides). */
  relay?: RelaySource[];
}

/**
 * The BullMQ connection (Redis URL and the queue prefix, which keeps test runs
 * apart from a running platform), the queues with their settings from
 * `QUEUES`, the job registry, and — in the worker — the consumers and relay.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions = {}): DynamicModule {
    const providers: Provider[] = [JobRegistry, MaintenanceSchedule, { provide: CONSUMED_QUEUES, useValue: options.consume ?? [] }];
    if (options.consume?.length) providers.push(QueueWorkers);
    if (options.relay?.length) providers.push({ provide: RELAY_SOURCES, useValue: options.relay }, OutboxRelays);
    return {
      module: MessagingModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ prefix: config.queuePrefix, connection: bullConnection(config) }),
        }),
        ...QUEUE_NAMES.map((name) => BullModule.registerQueue({ name, defaultJobOptions: QUEUES[name].jobs })),
      ],
      providers,
      exports: [BullModule, JobRegistry, MaintenanceSchedule, ...(options.relay?.length ? [OutboxRelays] : [])],
    };
  }
}
