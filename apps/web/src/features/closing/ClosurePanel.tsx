import { useMutation } from '@apollo/client/react';
import { parseQuarter, periodLabel } from '@council/core/period.js';
import { Alert, App, Button, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';

import { type ReportFieldsFragment, RequestReopenDocument } from '../../gql/district/graphql';
import { formatDate, formatDateTime } from '../../shared/format';
import { firstShownError, formField } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { CLOSING } from './labels';
import { ReopenDecision } from './ReopenDecision';

// Solid dark tags (white text), as StatusTag's: Ant Design's gold and green presets fall under WCAG's 4.5:1.
const STATUS_COLOR = { PENDING: '#874d00', GRANTED: '#237804', REFUSED: 'red' } as const;

/**
 * A report of a closed quarter: the closed state and every request to reopen it with its status and decision. The
 * council's own clerk (`side="council"`, the report form) asks with "Đề nghị mở lại" and a reason (the server's error
 * beside the field); the level above (`side="reviewer"`, the district's review page) grants or refuses a request that
 * waits, beside it.
 */
export function ClosurePanel({
  report,
  onChanged,
  side = 'council',
}: {
  report: ReportFieldsFragment;
  onChanged: () => void;
  side?: 'council' | 'reviewer';
}) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [requestReopen, sending] = useMutation(RequestReopenDocument);
  const { closure, reopenRequests } = report;
  if (!closure.closed && !reopenRequests.length) return null;
  const pending = reopenRequests.some((r) => r.status === 'PENDING');
  const label = t(periodLabel(parseQuarter(report.period)));
  const reviewer = side === 'reviewer';
  const closedBy = closure.closure?.source.startsWith('meeting:') ? CLOSING.byMeeting : CLOSING.byHand;

  const send = async () => {
    try {
      await requestReopen({ variables: { unitCode: report.unit.code, period: report.period, reason } });
      setAsking(false);
      setReason('');
      setError(null);
      void message.success(t(CLOSING.sent));
      onChanged();
    } catch (e) {
      const shown = firstShownError(e);
      if (formField(shown.field) === 'reason') setError(lang === 'vi' ? shown.message.vi : shown.message.en);
      else void message.error(lang === 'vi' ? shown.message.vi : shown.message.en);
    }
  };

  return (
    <div id="closure" style={{ marginBottom: 16 }}>
      {closure.closed && !closure.writable && (
        <Alert
          type="warning"
          showIcon
          data-testid="closed-banner"
          title={fill(t(CLOSING.closedBanner), { p: label, d: formatDate(closure.closure?.closedAt) })}
          description={reviewer ? `${t(closedBy)}. ${t(CLOSING.closedBodyReviewer)}` : t(CLOSING.closedBody)}
          action={
            !reviewer && !pending && !asking ? (
              <Button type="primary" onClick={() => setAsking(true)}>
                {t(CLOSING.requestReopen)}
              </Button>
            ) : undefined
          }
        />
      )}
      {closure.reopened && <Alert type="info" showIcon data-testid="reopened-banner" title={t(CLOSING.reopenedBanner)} />}
      {asking && (
        <Form layout="vertical" style={{ marginTop: 12, maxWidth: 640 }} onFinish={() => void send()}>
          <Form.Item
            label={t(CLOSING.reason)}
            htmlFor="reopen-reason"
            required
            validateStatus={error ? 'error' : undefined}
            help={error ? <span data-finding="reason">{error}</span> : undefined}
          >
            <Input.TextArea
              id="reopen-reason"
              rows={3}
              maxLength={2000}
              value={reason}
              onChange={(e) => (setReason(e.target.value), setError(null))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={sending.loading}>
              {t(CLOSING.send)}
            </Button>
            <Button onClick={() => setAsking(false)}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}
      {reopenRequests.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 12 }}
          header={<Typography.Text strong>{t(CLOSING.requests)}</Typography.Text>}
          bordered
          dataSource={reopenRequests}
          renderItem={(r) => (
            <List.Item data-testid="reopen-request">
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={STATUS_COLOR[r.status]}>{t(CLOSING[r.status])}</Tag>
                  {r.endedAt && <Tag>{t(CLOSING.ended)}</Tag>}
                  <span>
                    {r.requestedBy} · {formatDateTime(r.requestedAt)}
                  </span>
                </Space>
                <span>{r.reason}</span>
                {r.decidedBy && (
                  <Typography.Text type="secondary">
                    {r.decidedBy} · {formatDateTime(r.decidedAt)}
                    {r.note ? ` — ${r.note}` : ''}
                  </Typography.Text>
                )}
                {reviewer && r.status === 'PENDING' && <ReopenDecision id={r.id} onDecided={onChanged} wide />}
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
