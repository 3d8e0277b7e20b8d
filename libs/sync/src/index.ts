export * from './reconcile-statistics.processor.js';
export * from './reconciliation.js';
export * from './sync.module.js';
export * from './sync.tokens.js';
