import { Ctx, type RequestContext } from '@council/auth';
import { InvalidInputError, Permission } from '@council/core';
import { Allow, HttpErrorFilter } from '@council/server';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile, UseFilters } from '@nestjs/common';

import { exportRequestFromBody, exportRequestFromLink, type StatisticsExportRequest } from './statistics-export.request.js';
import { type StatisticsExportFormat, StatisticsExportService } from './statistics-export.service.js';

function formatOf(file: string): StatisticsExportFormat {
  if (file === 'statistics.xlsx') return 'xlsx';
  if (file === 'statistics.csv') return 'csv';
  throw new InvalidInputError('format', {
    vi: 'Chỉ xuất được statistics.xlsx hoặc statistics.csv',
    en: 'Only statistics.xlsx or statistics.csv',
  });
}

/**
 * GET /exports/statistics.xlsx?periods=2024Q1,2024Q2&groupBy=UNIT,METRIC&unitLevel=DISTRICT (and .csv; through the
 * gateway /api/city/exports/…), or POST there with the GraphQL variables `{ "query": { … }, "basis": "AS_REPORTED" }`:
 * the `statistics` answer as a file. The same permission as the GraphQL field (ReadStatistics), the same scope rules
 * and budget (StatisticsExportService). Errors are JSON `{ code, field, message, messageEn }` with 400/401/403, never a
 * half-written file: the file is built whole before anything is sent.
 */
@Controller('exports')
@UseFilters(HttpErrorFilter)
export class StatisticsExportController {
  constructor(private readonly exports: StatisticsExportService) {}

  @Allow(Permission.ReadStatistics)
  @Get(':file')
  @Header('Cache-Control', 'no-store')
  async fromLink(
    @Ctx() ctx: RequestContext,
    @Param('file') file: string,
    @Query() params: Record<string, unknown>,
  ): Promise<StreamableFile> {
    const format = formatOf(file);
    return this.send(ctx, exportRequestFromLink(params), format);
  }

  @Allow(Permission.ReadStatistics)
  @Post(':file')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async fromVariables(@Ctx() ctx: RequestContext, @Param('file') file: string, @Body() body: unknown): Promise<StreamableFile> {
    const format = formatOf(file);
    return this.send(ctx, exportRequestFromBody(body), format);
  }

  private async send(ctx: RequestContext, request: StatisticsExportRequest, format: StatisticsExportFormat): Promise<StreamableFile> {
    const file = await this.exports.export(ctx, request, format);
    // The name is made from parsed period codes only (thong-ke-2024Q1-2024Q4.xlsx): nothing typed reaches the header.
    return new StreamableFile(file.buffer, {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
      length: file.buffer.length,
    });
  }
}
