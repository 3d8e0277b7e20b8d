import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Empty, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { GrantReopenDocument, PendingReopenRequestsDocument, RefuseReopenDocument } from '../../gql/district/graphql';
import { formatDateTime } from '../../shared/format';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { CLOSING } from './labels';

/** Requests waiting for the caller's decision (a district: its communes'; city staff: the districts' and the city's). */
export function ReopenRequestsCard({ period, reportLink }: { period?: string; reportLink?: (unitCode: string, period: string) => string }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { data, refetch } = useQuery(PendingReopenRequestsDocument, { variables: { period }, fetchPolicy: 'network-only' });
  const [grant] = useMutation(GrantReopenDocument);
  const [refuse] = useMutation(RefuseReopenDocument);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const rows = data?.pendingReopenRequests ?? [];

  const decide = async (id: string, yes: boolean) => {
    try {
      const variables = { id, note: notes[id] || null };
      await (yes ? grant({ variables }) : refuse({ variables }));
      void message.success(t(CLOSING.decided));
      void refetch();
    } catch (e) {
      const shown = firstShownError(e);
      void message.error(lang === 'vi' ? shown.message.vi : shown.message.en);
    }
  };

  return (
    <Card size="small" title={t(CLOSING.pending)} style={{ marginBottom: 16 }} id="reopen-requests">
      {rows.length === 0 ? (
        <Empty description={t(CLOSING.nonePending)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: t(CLOSING.unit),
              key: 'unit',
              render: (_: unknown, r) =>
                reportLink ? (
                  <Link to={reportLink(r.unitCode, r.period)}>{`${r.unitCode} · ${r.period}`}</Link>
                ) : (
                  `${r.unitCode} · ${r.period}`
                ),
            },
            { title: t(CLOSING.reason), dataIndex: 'reason' },
            { title: t(CLOSING.by), key: 'by', render: (_: unknown, r) => `${r.requestedBy} · ${formatDateTime(r.requestedAt)}` },
            {
              title: t(CLOSING.note),
              key: 'note',
              render: (_: unknown, r) => (
                <Input
                  aria-label={t(CLOSING.note)}
                  value={notes[r.id] ?? ''}
                  onChange={(e) => setNotes((n) => ({ ...n, [r.id]: e.target.value }))}
                  maxLength={2000}
                />
              ),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, r) => (
                <Space>
                  <Button type="primary" size="small" onClick={() => void decide(r.id, true)}>
                    {t(CLOSING.grant)}
                  </Button>
                  <Button danger size="small" onClick={() => void decide(r.id, false)}>
                    {t(CLOSING.refuse)}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
