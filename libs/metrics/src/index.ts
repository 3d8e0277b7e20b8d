export * from './metric.entity.js';
export * from './metric.model.js';
export * from './metric-value.input.js';
export * from './metric-value.model.js';
export * from './metrics.module.js';
export * from './metrics.service.js';
