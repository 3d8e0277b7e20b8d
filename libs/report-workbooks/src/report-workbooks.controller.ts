import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { Allow, HttpErrorFilter } from '@council/server';
import { Controller, Get, Header, HttpCode, Param, Post, Req, StreamableFile, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';

import { type DryRunResult, type ImportResult, ReportWorkbooksService, type WorkbookFile } from './report-workbooks.service.js';
import { WorkbookUploadInterceptor } from './workbook-upload.interceptor.js';

/**
 * Report workbooks over REST on district-api (`/api/district/workbooks/reports/…` through the gateway), not as a
 * GraphQL multipart upload: Apollo Server's CSRF prevention refuses multipart requests unless a preflight header is
 * added, and graphql-upload (the only multipart implementation for it) streams files inside the GraphQL execution,
 * where a size limit or a zip check cannot refuse before parsing. A plain route checks size and type before
 * anything is read and answers a file or JSON. Errors are JSON with a code, the Vietnamese message and its English.
 *
 * - GET  /workbooks/reports/:period/units/:unitCode.xlsx        one unit's template
 * - GET  /workbooks/reports/:period/districts/:districtCode.xlsx a district's communes, a sheet each
 * - POST /workbooks/reports/:period/dry-run                     multipart `file`: findings per report, nothing written
 * - POST /workbooks/reports/:period/import                      the same file: each report a submission
 */
@Controller('workbooks/reports')
@UseFilters(HttpErrorFilter)
export class ReportWorkbooksController {
  constructor(private readonly workbooks: ReportWorkbooksService) {}

  @Allow(Permission.WriteReports)
  @Get(':period/units/:unitCode.xlsx')
  @Header('Cache-Control', 'no-store')
  async unit(@Ctx() ctx: RequestContext, @Param('period') period: string, @Param('unitCode') unitCode: string): Promise<StreamableFile> {
    return download(await this.workbooks.unitTemplate(ctx, unitCode, period));
  }

  @Allow(Permission.WriteReports)
  @Get(':period/districts/:districtCode.xlsx')
  @Header('Cache-Control', 'no-store')
  async district(
    @Ctx() ctx: RequestContext,
    @Param('period') period: string,
    @Param('districtCode') districtCode: string,
  ): Promise<StreamableFile> {
    return download(await this.workbooks.districtTemplate(ctx, districtCode, period));
  }

  @Allow(Permission.WriteReports)
  @Post(':period/dry-run')
  @HttpCode(200)
  @UseInterceptors(WorkbookUploadInterceptor)
  dryRun(@Ctx() ctx: RequestContext, @Param('period') period: string, @Req() req: Request): Promise<DryRunResult> {
    return this.workbooks.dryRun(ctx, req.file!.buffer, period);
  }

  @Allow(Permission.WriteReports)
  @Post(':period/import')
  @HttpCode(200)
  @UseInterceptors(WorkbookUploadInterceptor)
  import(@Ctx() ctx: RequestContext, @Param('period') period: string, @Req() req: Request): Promise<ImportResult> {
    return this.workbooks.import(ctx, req.file!.buffer, period);
  }
}

/** The file built in full before anything is sent; its name comes from parsed codes, nothing raw from the request. */
function download(file: WorkbookFile): StreamableFile {
  return new StreamableFile(file.buffer, {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"`,
    length: file.buffer.length,
  });
}
