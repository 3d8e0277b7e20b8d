import { Module } from '@nestjs/common';
import { AuthModule } from '@council/auth';
import { DirectivesModule } from '@council/directives';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { StatisticsModule } from '@council/statistics';
import { BriefingResolver } from './briefing.resolver.js';
import { BriefingsService } from './briefings.service.js';

/** City side: the live summary a briefing screen shows. */
@Module({
  imports: [AuthModule, HierarchyModule, MetricsModule, StatisticsModule.forApi(), DirectivesModule.forCityApi()],
  providers: [BriefingsService, BriefingResolver],
})
export class BriefingsModule {}
