import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Flex, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { CITY } from '../../app/apollo';
import { DirectiveListDocument, type DirectiveListQuery } from '../../gql/city/graphql';
import { formatDate, formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { L } from './labels';
import { OverdueTag, ProgressSummary } from './parts';

type Row = DirectiveListQuery['directives'][number];

/** The city's directives, those with overdue assignments first, each with its progress. */
export default function DirectiveListPage() {
  const { t } = useLang();
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const { data, loading, error } = useQuery(DirectiveListDocument, { ...CITY });
  const rows = [...(data?.directives ?? [])]
    .filter((d) => !onlyOverdue || d.progress.overdue > 0)
    .sort((a, b) => Number(b.progress.overdue > 0) - Number(a.progress.overdue > 0) || b.issuedAt.localeCompare(a.issuedAt));
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t(L.trackTitle)}
        </Typography.Title>
        <Link to="/directives/new">
          <Button type="primary" icon={<PlusOutlined />}>
            {t(L.issue)}
          </Button>
        </Link>
      </Flex>
      <Space style={{ margin: '16px 0' }}>
        <Switch id="only-overdue" checked={onlyOverdue} onChange={setOnlyOverdue} />
        <label htmlFor="only-overdue">{t(L.onlyOverdue)}</label>
      </Space>
      {error && <Alert type="error" showIcon title={t('genericError')} />}
      <Table<Row>
        rowKey="id"
        loading={loading && !data}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t(L.noDirectives)}</Typography.Text> }}
        rowClassName={(r) => (r.progress.overdue ? 'directive-overdue' : '')}
        columns={[
          {
            title: t(L.directive),
            key: 'title',
            render: (_, d) => (
              <Space orientation="vertical" size={2}>
                <Link to={`/directives/${d.id}`}>{d.title}</Link>
                <Space size={4} wrap>
                  {d.reference && <Typography.Text type="secondary">{d.reference}</Typography.Text>}
                  {d.progress.overdue > 0 && <OverdueTag />}
                </Space>
              </Space>
            ),
          },
          { title: t(L.issuedAt), dataIndex: 'issuedAt', width: 170, render: (v: string) => formatDateTime(v) },
          { title: t(L.dueDate), dataIndex: 'dueDate', width: 130, render: (v: string) => formatDate(v) },
          { title: t(L.progress), key: 'progress', width: 420, render: (_, d) => <ProgressSummary progress={d.progress} compact /> },
        ]}
      />
    </>
  );
}
