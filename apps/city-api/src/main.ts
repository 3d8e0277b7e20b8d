import 'reflect-metadata';

import { bootstrapApp } from '@council/server';

import { CITY_API } from './city-api.app.js';

void bootstrapApp(CITY_API);
