import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JobRegistry, MaintenanceSchedule } from '@council/messaging';
import { AssignmentsService } from '../assignments.service.js';

const EVERY_MS = Number(process.env.OVERDUE_EVERY_MS ?? 60_000);

/** Scheduled: flags assignments past their due day on the district side, and so tells the city. */
@Injectable()
export class MarkOverdueProcessor implements OnModuleInit {
  private readonly log = new Logger('MarkOverdue');

  constructor(
    private readonly registry: JobRegistry,
    private readonly schedule: MaintenanceSchedule,
    private readonly assignments: AssignmentsService,
  ) {}

  onModuleInit(): void {
    this.registry.register('MarkOverdueAssignments', async () => {
      const n = await this.assignments.markOverdue();
      if (n) this.log.log(`${n} assignment(s) became overdue`);
    });
    this.schedule.every('MarkOverdueAssignments', EVERY_MS);
  }
}
