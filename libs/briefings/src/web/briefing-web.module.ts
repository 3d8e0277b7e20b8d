import { Module } from '@nestjs/common';

import { BriefingWebController } from './briefing-web.controller.js';

/**
 * The briefing screen and the printable page, served by city-api:
 * GET /briefing/:period (the projector), /briefing/:period/print (A4), and
 * their scripts and styles under /briefing/assets/. See README "Briefing screen".
 */
@Module({ controllers: [BriefingWebController] })
export class BriefingWebModule {}
