import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { ReportingModule } from '@council/reporting';
import { Module } from '@nestjs/common';

import { ReportWorkbooksController } from './report-workbooks.controller.js';
import { ReportWorkbooksService } from './report-workbooks.service.js';

/** District side: report templates in Excel and their import (REST on district-api). */
@Module({
  imports: [AuthModule, HierarchyModule, MetricsModule, ReportingModule],
  controllers: [ReportWorkbooksController],
  providers: [ReportWorkbooksService],
})
export class ReportWorkbooksModule {}
