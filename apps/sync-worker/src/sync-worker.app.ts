import type { AppDefinition } from '@council/server';

import { SyncWorkerModule } from './sync-worker.module.js';

export const SYNC_WORKER: AppDefinition = {
  name: 'sync-worker',
  module: SyncWorkerModule,
  port: (c) => c.ports.syncWorker,
  databases: (c) => [c.districtDatabaseUrl, c.cityDatabaseUrl],
};
