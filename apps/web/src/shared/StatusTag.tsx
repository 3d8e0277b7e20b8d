import { REPORT_STATUS_LABELS, type ReportStatusCode } from '@council/core/report-status.js';
import { Tag } from 'antd';

import { useLang } from './i18n';

// Ant Design's gold and green presets put light text on a light tint, under WCAG's 4.5:1: a draft and an accepted
// report get solid dark tags (white text) instead.
const COLOURS: Record<ReportStatusCode, string> = {
  NOT_STARTED: 'default',
  DRAFT: '#874d00',
  SUBMITTED: 'blue',
  RETURNED: 'red',
  ACCEPTED: '#237804',
};

export function StatusTag({ status }: { status: ReportStatusCode }) {
  const { t } = useLang();
  return (
    <Tag color={COLOURS[status]} data-status={status}>
      {t(REPORT_STATUS_LABELS[status])}
    </Tag>
  );
}

/** "Gửi muộn": a report that came in after its due date. */
export function LateTag() {
  const { t } = useLang();
  return (
    <Tag color="red" data-late="true">
      {t('late')}
    </Tag>
  );
}
