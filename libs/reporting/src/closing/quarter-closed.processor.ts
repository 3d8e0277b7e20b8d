import { JobRegistry } from '@council/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ClosingService } from './closing.service.js';

/** District side: the city's briefing marked held closes its quarter here, once per event (the closure's event id is unique). */
@Injectable()
export class QuarterClosedProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly closing: ClosingService,
  ) {}

  onModuleInit(): void {
    this.registry.register('QuarterClosed', (payload, job) => this.closing.applyClosed(job.id, payload).then(() => undefined));
  }
}
