export * from './report-workbook.builder.js';
export * from './report-workbook.layout.js';
export * from './report-workbook.reader.js';
export * from './report-workbooks.module.js';
export * from './report-workbooks.service.js';
export * from './upload-errors.js';
export * from './zip-guard.js';
