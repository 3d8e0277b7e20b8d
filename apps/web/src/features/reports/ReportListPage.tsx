import { useQuery } from '@apollo/client/react';
import { defaultDueDate, periodLabel } from '@council/core/period.js';
import type { ReportStatusCode } from '@council/core/report-status.js';
import { Alert, Button, Table, Typography } from 'antd';
import { Link } from 'react-router';

import { MyReportsDocument } from '../../gql/district/graphql';
import { daysUntil, formatDate } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { fill } from '../../shared/labels';
import { StatusTag } from '../../shared/StatusTag';
import { useSession } from '../../shared/useSession';
import { TemplateButtons } from '../workbooks/TemplateButtons';
import { listedQuarters } from './quarters';

interface Row {
  period: string;
  label: string;
  status: ReportStatusCode;
  dueDate: string;
  late: boolean;
  version: number;
}

export default function ReportListPage() {
  const { t } = useLang();
  const { session } = useSession();
  const unitCode = session!.user.unit.code;
  const { data, loading, error } = useQuery(MyReportsDocument, { variables: { unitCode } });
  const byPeriod = new Map((data?.reports ?? []).map((r) => [r.period, r]));
  const rows: Row[] = listedQuarters(new Date(), [...byPeriod.keys()]).map((q) => {
    const r = byPeriod.get(q.code);
    return {
      period: q.code,
      label: t(periodLabel(q)),
      status: r?.status ?? 'NOT_STARTED',
      dueDate: r?.dueDate ?? defaultDueDate(q),
      late: r?.late ?? false,
      version: r?.version ?? 0,
    };
  });

  const due = (row: Row) => {
    if (row.late) return <Typography.Text type="danger">{t('late')}</Typography.Text>;
    const days = daysUntil(row.dueDate);
    const open = row.status === 'NOT_STARTED' || row.status === 'DRAFT' || row.status === 'RETURNED';
    return (
      <span>
        {formatDate(row.dueDate)}{' '}
        {open && days >= 0 && <Typography.Text type="secondary">({fill(t('daysLeft'), { n: days })})</Typography.Text>}
        {open && days < 0 && <Typography.Text type="danger">({fill(t('daysLate'), { n: -days })})</Typography.Text>}
      </span>
    );
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('reports')} · {data?.councilUnit?.name ?? session!.user.unit.name}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={t('genericError')} />}
      <TemplateButtons quarters={listedQuarters(new Date(), [])} />
      <Table<Row>
        rowKey="period"
        loading={loading && !data}
        // No rows until the server has answered: a quarter shown as "Chưa lập" for a moment would be a wrong status.
        dataSource={data ? rows : []}
        pagination={false}
        size="middle"
        columns={[
          { title: t('period'), dataIndex: 'label', render: (label: string, row) => <Link to={`/reports/${unitCode}/${row.period}`}>{label}</Link> },
          { title: t('status'), dataIndex: 'status', render: (s: ReportStatusCode) => <StatusTag status={s} /> },
          { title: t('version'), dataIndex: 'version', render: (v: number) => (v > 0 ? v : '–') },
          { title: t('dueDate'), key: 'due', render: (_, row) => due(row) },
          {
            title: '',
            key: 'open',
            render: (_, row) => (
              <Link to={`/reports/${unitCode}/${row.period}`}>
                <Button size="small">{t('open')}</Button>
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}
