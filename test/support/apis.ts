// Both APIs' modules, imported only by the files that start both (a module's GraphQL types register on import).
import { CITY_API } from '../../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './apps.js';

/** city-api and district-api, both in this process. */
export async function startApis(): Promise<{ city: RunningApp; district: RunningApp }> {
  const [city, district] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API)]);
  return { city, district };
}
