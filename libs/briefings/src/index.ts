export * from './briefing-live.service.js';
export * from './briefing-summary.mapper.js';
export * from './briefing-summary.module.js';
export * from './briefings.module.js';
export * from './briefings.service.js';
export * from './latest-value-channel.js';
export * from './meetings/meeting.entities.js';
export * from './models/briefing-summary.model.js';
