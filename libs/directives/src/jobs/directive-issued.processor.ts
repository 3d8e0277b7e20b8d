import { type DirectiveIssuedPayload, type JobContext, JobRegistry, OutboxNotifier } from '@council/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { AssignmentsService } from '../assignments.service.js';

/** District side: a directive arrives and becomes assignments, once (inbox), in one transaction. */
@Injectable()
export class DirectiveIssuedProcessor implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: JobRegistry,
    private readonly assignments: AssignmentsService,
    private readonly outbox: OutboxNotifier,
  ) {}

  onModuleInit(): void {
    this.registry.register('DirectiveIssued', (payload, job) => this.apply(job, payload).then(() => undefined));
  }

  async apply(job: JobContext, directive: DirectiveIssuedPayload): Promise<number> {
    const rows = await this.assignments.planFanOut(directive);
    const created = await this.db.transaction(async (tx) => {
      const fresh = await tx.query(
        `INSERT INTO district.inbox_event (event_id, type) VALUES ($1, 'DirectiveIssued') ON CONFLICT DO NOTHING RETURNING event_id`,
        [job.id],
      );
      if (fresh.length === 0) return 0;
      return this.assignments.fanOut(tx, directive, rows);
    });
    if (created) this.outbox.notify('district');
    return created;
  }
}
