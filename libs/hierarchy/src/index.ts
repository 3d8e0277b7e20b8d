export * from './council-unit.entity.js';
export * from './council-unit.model.js';
export * from './hierarchy.loaders.js';
export * from './hierarchy.module.js';
export * from './hierarchy.service.js';
export * from './unit-placement.columns.js';
export * from './reorganisation.entities.js';
