import type { AppConfig } from '@council/core';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import { APP_CONFIG } from '@council/server';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';

import { AssignmentsService } from '../assignments.service.js';

/** Scheduled: flags assignments past their due day on the district side, and so tells the city. */
@Injectable()
export class MarkOverdueProcessor implements OnModuleInit {
  private readonly log = new Logger('MarkOverdue');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly schedule: MaintenanceSchedule,
    private readonly assignments: AssignmentsService,
  ) {}

  onModuleInit(): void {
    this.registry.register('MarkOverdueAssignments', async () => {
      const n = await this.assignments.markOverdue();
      if (n) this.log.log(`${n} assignment(s) became overdue`);
    });
    this.schedule.every('MarkOverdueAssignments', this.config.schedules.overdueEveryMs);
  }
}
