export * from './models/briefing-summary.model.js';
export * from './briefings.service.js';
export * from './briefings.module.js';
