import type { AppConfig } from '@council/core';
import { type AssignmentSnapshot, type JobContext, JobRegistry, publishLive } from '@council/messaging';
import { APP_CONFIG, REDIS } from '@council/server';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

import { DIRECTIVES_CITY_DB } from '../directives.tokens.js';

/** City side: assignment states from the district side; a newer revision replaces an older one, never the reverse. */
@Injectable()
export class AssignmentsChangedProcessor implements OnModuleInit {
  constructor(
    @Inject(DIRECTIVES_CITY_DB) private readonly db: DataSource,
    private readonly registry: JobRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('AssignmentsChanged', (payload, job) => this.apply(job, payload.assignments));
  }

  async apply(job: JobContext, list: AssignmentSnapshot[]): Promise<void> {
    const applied = await this.db.transaction(async (tx) => {
      const fresh = await tx.query(
        `INSERT INTO city.inbox_event (event_id, type) VALUES ($1, 'AssignmentsChanged') ON CONFLICT DO NOTHING RETURNING event_id`,
        [job.id],
      );
      if (fresh.length === 0 || list.length === 0) return false;
      const col = <K extends keyof AssignmentSnapshot>(k: K) => list.map((a) => a[k]);
      await tx.query(
        `INSERT INTO city.assignment_view (assignment_id, directive_id, unit_code, unit_level, district_code, parent_id, status, progress_percent, last_note, due_date, revision, updated_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::uuid[], $7::varchar[], $8::int[], $9::text[], $10::date[], $11::int[], $12::timestamptz[])
         ON CONFLICT (assignment_id) DO UPDATE SET status = EXCLUDED.status, progress_percent = EXCLUDED.progress_percent, last_note = EXCLUDED.last_note,
           due_date = EXCLUDED.due_date, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
         WHERE assignment_view.revision < EXCLUDED.revision`,
        [
          col('assignmentId'),
          col('directiveId'),
          col('unitCode'),
          col('unitLevel'),
          col('districtCode'),
          col('parentId'),
          col('status'),
          col('progressPercent'),
          col('lastNote'),
          col('dueDate'),
          col('revision'),
          col('updatedAt'),
        ],
      );
      return true;
    });
    // After the commit, so a screen that refreshes on this message reads the new state.
    if (applied) await publishLive(this.redis, this.config.queuePrefix, { kind: 'directives', at: new Date().toISOString() });
  }
}
