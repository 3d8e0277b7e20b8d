import type { AppDefinition } from '@council/server';

import { CityApiModule } from './city-api.module.js';

export const CITY_API: AppDefinition = {
  name: 'city-api',
  module: CityApiModule,
  port: (c) => c.ports.cityApi,
  databases: (c) => [c.cityDatabaseUrl],
};
