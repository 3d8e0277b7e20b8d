export * from './admin.module.js';
export * from './metrics/metric-admin.input.js';
export * from './metrics/metric-admin.service.js';
export * from './users/user-admin.input.js';
export * from './users/user-admin.model.js';
export * from './users/user-admin.service.js';
