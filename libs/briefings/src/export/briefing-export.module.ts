import { DirectivesModule } from '@council/directives';
import { MetricsModule } from '@council/metrics';
import { StatisticsModule } from '@council/statistics';
import { Module } from '@nestjs/common';

import { BriefingSummaryModule } from '../briefing-summary.module.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { BriefingExportController } from './briefing-export.controller.js';
import { BriefingWorkbookService } from './briefing-workbook.service.js';

/** The summary as an XLSX workbook (GET /briefing/:period/workbook.xlsx). */
@Module({
  imports: [BriefingSummaryModule, MeetingsModule, MetricsModule, StatisticsModule.forApi(), DirectivesModule.forCityApi()],
  controllers: [BriefingExportController],
  providers: [BriefingWorkbookService],
  exports: [BriefingWorkbookService],
})
export class BriefingExportModule {}
