export * from './jobs/notification-mailer.js';
export * from './jobs/report-reminders.processor.js';
export * from './notification.entities.js';
export * from './notification-recipients.js';
export * from './notifications.module.js';
export * from './notifications.service.js';
export * from './notifications.tokens.js';
export * from './unit-names.js';
