import { useQuery } from '@apollo/client/react';
import { Card, Empty, Table } from 'antd';
import { Link } from 'react-router';

import { PendingReopenRequestsDocument } from '../../gql/district/graphql';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { CLOSING } from './labels';
import { ReopenDecision } from './ReopenDecision';

/** Requests waiting for the caller's decision (a district: its communes'; city staff: the districts' and the city's). */
export function ReopenRequestsCard({ period, reportLink }: { period?: string; reportLink?: (unitCode: string, period: string) => string }) {
  const { t } = useLang();
  const { data, refetch } = useQuery(PendingReopenRequestsDocument, { variables: { period }, fetchPolicy: 'network-only' });
  const rows = data?.pendingReopenRequests ?? [];

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
              render: (_: unknown, r) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {reportLink ? (
                    <Link to={reportLink(r.unitCode, r.period)}>{`${r.unitCode} · ${r.period}`}</Link>
                  ) : (
                    `${r.unitCode} · ${r.period}`
                  )}
                </span>
              ),
            },
            { title: t(CLOSING.reason), dataIndex: 'reason' },
            { title: t(CLOSING.by), key: 'by', render: (_: unknown, r) => `${r.requestedBy} · ${formatDateTime(r.requestedAt)}` },
            {
              title: t(CLOSING.decision),
              key: 'decision',
              render: (_: unknown, r) => <ReopenDecision id={r.id} onDecided={() => void refetch()} />,
            },
          ]}
        />
      )}
    </Card>
  );
}
