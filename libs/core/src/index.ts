// Pure domain logic: no Nest, no database. Everything here is unit-tested.
export * from './admin-units.js';
export * from './assignment-status.js';
export * from './compare.js';
export * from './config.js';
export * from './deterministic-id.js';
export * from './errors.js';
export * from './levels.js';
export * from './metric-catalogue.js';
export * from './names.js';
export * from './period.js';
export * from './random.js';
export * from './report-status.js';
export * from './roles.js';
export * from './scope.js';
export * from './serial-runner.js';
export * from './validation/finding.js';
export * from './validation/report-rules.js';
