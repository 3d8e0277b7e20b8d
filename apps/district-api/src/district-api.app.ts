import type { AppDefinition } from '@council/server';

import { DistrictApiModule } from './district-api.module.js';

export const DISTRICT_API: AppDefinition = {
  name: 'district-api',
  module: DistrictApiModule,
  port: (c) => c.ports.districtApi,
  databases: (c) => [c.districtDatabaseUrl],
};
