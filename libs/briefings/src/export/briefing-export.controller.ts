import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { Allow, HttpErrorFilter } from '@council/server';
import { Controller, Get, Header, Param, StreamableFile, UseFilters } from '@nestjs/common';

import { BriefingWorkbookService } from './briefing-workbook.service.js';

/**
 * GET /briefing/2024Q1/workbook.xlsx (or /briefing/2024/workbook.xlsx; /api/city/briefing/… through the gateway): the
 * briefing's figures to take away. Errors come back as JSON with the same
 * codes as GraphQL (`BAD_USER_INPUT` with `field: "period"`, `UNAUTHENTICATED`,
 * `FORBIDDEN`), never as a half-written file.
 */
@Controller('briefing')
@UseFilters(HttpErrorFilter)
export class BriefingExportController {
  constructor(private readonly workbooks: BriefingWorkbookService) {}

  @Allow(Permission.ReadSummaries)
  @Get(':period/workbook.xlsx')
  @Header('Cache-Control', 'no-store')
  async workbook(@Ctx() ctx: RequestContext, @Param('period') period: string): Promise<StreamableFile> {
    // The file is built in full before anything is sent, so a failure is still a clean JSON error.
    const file = await this.workbooks.workbook(ctx, period);
    // The name comes from the parsed period ("giao-ban-2024Q1.xlsx"): nothing from the request reaches the header.
    return new StreamableFile(file.buffer, {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
      length: file.buffer.length,
    });
  }
}
