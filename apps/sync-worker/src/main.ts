import 'reflect-metadata';

import { bootstrapApp } from '@council/server';

import { SYNC_WORKER } from './sync-worker.app.js';

void bootstrapApp(SYNC_WORKER);
