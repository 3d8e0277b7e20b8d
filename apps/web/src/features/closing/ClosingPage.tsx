import { useMutation, useQuery } from '@apollo/client/react';
import { parseQuarter, periodLabel, quarterAt } from '@council/core/period.js';
import { App, Button, Card, Form, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

import { CloseQuarterDocument, QuarterClosuresDocument } from '../../gql/district/graphql';
import { formatDateTime } from '../../shared/format';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { listedQuarters } from '../reports/quarters';
import { CLOSING } from './labels';
import { ReopenRequestsCard } from './ReopenRequestsCard';

const CITY = '';

/** City staff: close a quarter for the city or one district, see its closures, decide the requests to reopen. */
export default function ClosingPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const now = useMemo(() => new Date(), []);
  const quarters = useMemo(() => listedQuarters(now, []), [now]);
  // The quarter in the link (?period=2024Q1), else the current one.
  const [params] = useSearchParams();
  const [period, setPeriod] = useState(() => {
    const asked = params.get('period');
    return asked && quarters.some((q) => q.code === asked) ? asked : quarterAt(now).code;
  });
  const [scope, setScope] = useState(CITY);
  const { data, refetch } = useQuery(QuarterClosuresDocument, { variables: { period }, fetchPolicy: 'network-only' });
  const [closeQuarter, closing] = useMutation(CloseQuarterDocument);
  const names = new Map((data?.councilUnits ?? []).map((u) => [u.code, u.name]));
  const scopeName = (code: string) => names.get(code) ?? (code.length === 2 ? t(CLOSING.wholeCity) : code);

  const close = async () => {
    try {
      await closeQuarter({ variables: { period, scopeCode: scope || null } });
      void message.success(t(CLOSING.closedOk));
      void refetch();
    } catch (e) {
      const shown = firstShownError(e);
      void message.error(lang === 'vi' ? shown.message.vi : shown.message.en);
    }
  };

  return (
    <div style={{ maxWidth: 1100 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(CLOSING.title)}
      </Typography.Title>
      <Card size="small" title={t(CLOSING.closeTitle)} style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('period')} htmlFor="closing-period">
            <Select
              id="closing-period"
              style={{ width: 160 }}
              value={period}
              onChange={setPeriod}
              options={quarters.map((q) => ({ value: q.code, label: t(periodLabel(q)) }))}
            />
          </Form.Item>
          <Form.Item label={t(CLOSING.scope)} htmlFor="closing-scope">
            <Select
              id="closing-scope"
              style={{ width: 260 }}
              value={scope}
              onChange={setScope}
              showSearch
              optionFilterProp="label"
              options={[
                { value: CITY, label: t(CLOSING.wholeCity) },
                ...(data?.councilUnits ?? []).map((u) => ({ value: u.code, label: u.name })),
              ]}
            />
          </Form.Item>
          {/* Asked once more, naming what it closes: every report of the quarter in that scope stops taking changes. */}
          <Popconfirm
            placement="bottomLeft"
            title={fill(t(CLOSING.confirmClose), {
              p: t(periodLabel(parseQuarter(period))),
              s: scope ? scopeName(scope) : t(CLOSING.wholeCity),
            })}
            description={<span style={{ display: 'block', maxWidth: 380 }}>{t(CLOSING.confirmCloseBody)}</span>}
            okText={t(CLOSING.close)}
            cancelText={t('cancel')}
            onConfirm={() => void close()}
          >
            <Button type="primary" loading={closing.loading}>
              {t(CLOSING.close)}
            </Button>
          </Popconfirm>
        </Form>
        <Table
          style={{ marginTop: 16 }}
          rowKey="id"
          size="small"
          pagination={false}
          locale={{ emptyText: <Typography.Text type="secondary">{t(CLOSING.noClosures)}</Typography.Text> }}
          title={() => `${t(CLOSING.closures)} · ${t(periodLabel(parseQuarter(period)))}`}
          dataSource={data?.quarterClosures ?? []}
          columns={[
            { title: t(CLOSING.scope), key: 'scope', render: (_: unknown, c) => scopeName(c.scopeCode) },
            { title: t(CLOSING.at), key: 'at', render: (_: unknown, c) => formatDateTime(c.closedAt) },
            { title: t(CLOSING.by), dataIndex: 'closedBy' },
            {
              title: '',
              key: 'source',
              render: (_: unknown, c) => (c.source.startsWith('meeting:') ? t(CLOSING.byMeeting) : t(CLOSING.byHand)),
            },
          ]}
        />
      </Card>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ReopenRequestsCard reportLink={(u, p) => `/reports/${u}/${p}`} />
      </Space>
    </div>
  );
}
