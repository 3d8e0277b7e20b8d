export * from './annual-plan.entity.js';
export * from './dto/annual-plan.input.js';
export * from './models/annual-plan.model.js';
export * from './planning.module.js';
export * from './planning.service.js';
