import type { Bilingual } from './errors.js';

/** A report's status as the API has it, plus NOT_STARTED for a quarter with no report yet (a page shows both). */
export type ReportStatusCode = 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'ACCEPTED';

/** What a clerk reads for each status: the pages, the workbook and the API's descriptions use these words. */
export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatusCode, Bilingual>> = {
  NOT_STARTED: { vi: 'Chưa lập', en: 'Not started' },
  DRAFT: { vi: 'Nháp', en: 'Draft' },
  SUBMITTED: { vi: 'Đã gửi', en: 'Submitted' },
  RETURNED: { vi: 'Bị trả lại', en: 'Returned' },
  ACCEPTED: { vi: 'Đã chấp nhận', en: 'Accepted' },
};
