import { Module } from '@nestjs/common';

import { BriefingSummaryModule } from './briefing-summary.module.js';
import { BriefingExportModule } from './export/briefing-export.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { BriefingWebModule } from './web/briefing-web.module.js';

/** City side: the live summary a briefing screen shows, the meetings, the screen itself and the take-away. */
@Module({
  imports: [BriefingSummaryModule, MeetingsModule, BriefingWebModule, BriefingExportModule],
})
export class BriefingsModule {}
