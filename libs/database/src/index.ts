export * from './data-source.js';
export * from './database.module.js';
export * from './migrations/index.js';
export * from './project-root.js';
export * from './query-counter.logger.js';
export * from './snake-naming.strategy.js';
