export * from './audit.service.js';
export * from './audit-log.entity.js';
export * from './dto/report.input.js';
export * from './models/audit-entry.model.js';
export * from './models/quarterly-report.model.js';
export * from './report.entity.js';
export * from './report-snapshot.js';
export * from './report-value.entity.js';
export * from './report-version.entity.js';
export * from './reporting.module.js';
export * from './reporting.service.js';
export * from './reporting-period.entity.js';
export * from './submission.js';
// The writes a submission and a review make, for callers without a RequestContext (the demo seed): the same code the services run.
export type { ReportView } from './report.store.js';
export { reviewTransition } from './report-review.service.js';
export { submitUnderLock } from './submission.store.js';
