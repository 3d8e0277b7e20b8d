import { Module } from '@nestjs/common';

import { BriefingSummaryModule } from './briefing-summary.module.js';
import { BriefingExportModule } from './export/briefing-export.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';

/** City side: the live summary a briefing screen shows (the screen is a route of apps/web), the meetings and the take-away. */
@Module({
  imports: [BriefingSummaryModule, MeetingsModule, BriefingExportModule],
})
export class BriefingsModule {}
