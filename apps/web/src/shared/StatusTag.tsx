import { REPORT_STATUS_LABELS, type ReportStatusCode } from '@council/core/report-status.js';
import { Tag } from 'antd';

import { useLang } from './i18n';

const COLOURS: Record<ReportStatusCode, string> = {
  NOT_STARTED: 'default',
  DRAFT: 'gold',
  SUBMITTED: 'blue',
  RETURNED: 'red',
  ACCEPTED: 'green',
};

export function StatusTag({ status }: { status: ReportStatusCode }) {
  const { t } = useLang();
  return (
    <Tag color={COLOURS[status]} data-status={status}>
      {t(REPORT_STATUS_LABELS[status])}
    </Tag>
  );
}
