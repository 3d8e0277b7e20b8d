import { AuthModule } from '@council/auth';
import { DirectivesModule } from '@council/directives';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { StatisticsModule } from '@council/statistics';
import { Module } from '@nestjs/common';

import { BriefingResolver } from './briefing.resolver.js';
import { BriefingLiveService } from './briefing-live.service.js';
import { BriefingsService } from './briefings.service.js';

/** The summary and its live feed: what meetings, the screen and the workbook build on. */
@Module({
  imports: [AuthModule, HierarchyModule, MetricsModule, StatisticsModule.forApi(), DirectivesModule.forCityApi()],
  providers: [BriefingsService, BriefingLiveService, BriefingResolver],
  exports: [BriefingsService, BriefingLiveService],
})
export class BriefingSummaryModule {}
