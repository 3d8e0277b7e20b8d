import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { MetricsModule } from '@council/metrics';
import { ReportingModule } from '@council/reporting';
import { Module } from '@nestjs/common';

import { CouncilTermAdminResolver } from './council-terms/council-term-admin.resolver.js';
import { CouncilTermAdminService } from './council-terms/council-term-admin.service.js';
import { MetricAdminResolver } from './metrics/metric-admin.resolver.js';
import { MetricAdminService } from './metrics/metric-admin.service.js';
import { UnitLinkAdminResolver } from './reorganisations/unit-link-admin.resolver.js';
import { UnitLinkAdminService } from './reorganisations/unit-link-admin.service.js';
import { UserAdminResolver } from './users/user-admin.resolver.js';
import { UserAdminService } from './users/user-admin.service.js';

/**
 * Administration (district-api, where people sign in and the catalogue is read for the report form): user accounts,
 * the metric catalogue, the reorganisation links no file gives and councils' terms, each change audited in the reporting audit log
 * (the one writer of that table). A district-side lib because of that log; the tables it writes
 * (`auth.user_account`, `hierarchy.metric`, `hierarchy.unit_link`, `hierarchy.council_term`) are shared reference data that no other lib writes
 * (the seed aside).
 */
@Module({
  imports: [AuthModule, HierarchyModule, MetricsModule, ReportingModule],
  providers: [
    UserAdminService,
    UserAdminResolver,
    MetricAdminService,
    MetricAdminResolver,
    UnitLinkAdminService,
    UnitLinkAdminResolver,
    CouncilTermAdminService,
    CouncilTermAdminResolver,
  ],
})
export class AdminModule {}
