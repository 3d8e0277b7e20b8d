import { AuthModule } from '@council/auth';
import { DirectivesModule } from '@council/directives';
import { HierarchyModule } from '@council/hierarchy';
import { OutboxNotifier } from '@council/messaging';
import { MetricsModule } from '@council/metrics';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { BriefingSummaryModule } from '../briefing-summary.module.js';
import {
  AgendaItemResolver,
  BriefingConclusionResolver,
  BriefingMeetingResolver,
  ConnectionPointResolver,
} from './briefing-meeting.resolver.js';
import { BriefingSummaryMeetingsResolver } from './briefing-summary-meetings.resolver.js';
import { MEETING_ENTITIES } from './meeting.entities.js';
import { MeetingsService } from './meetings.service.js';

/** Briefing meetings: connection points and attendance, agenda, conclusions (issued as directives). */
@Module({
  imports: [
    TypeOrmModule.forFeature(MEETING_ENTITIES),
    AuthModule,
    HierarchyModule,
    MetricsModule,
    DirectivesModule.forCityApi(),
    BriefingSummaryModule,
  ],
  providers: [
    OutboxNotifier,
    MeetingsService,
    BriefingMeetingResolver,
    ConnectionPointResolver,
    AgendaItemResolver,
    BriefingConclusionResolver,
    BriefingSummaryMeetingsResolver,
  ],
  exports: [MeetingsService],
})
export class MeetingsModule {}
