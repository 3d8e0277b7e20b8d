import 'reflect-metadata';

import { bootstrapApp } from '@council/server';

import { DISTRICT_API } from './district-api.app.js';

void bootstrapApp(DISTRICT_API);
