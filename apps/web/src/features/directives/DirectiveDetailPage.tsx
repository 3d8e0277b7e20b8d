import { useQuery } from '@apollo/client/react';
import { Alert, Button, Descriptions, Space, Table, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router';

import { CITY } from '../../app/apollo';
import { DirectiveDetailDocument, type DirectiveDetailQuery } from '../../gql/city/graphql';
import { formatDate, formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { L } from './labels';
import { assignmentColumns, ProgressSummary } from './parts';

type Assignment = NonNullable<DirectiveDetailQuery['directive']>['assignments'][number];
type Row = Omit<Assignment, 'children'> & { children?: Row[] };

/** One directive: its text, its progress, and each district's assignment with its communes' beneath. */
export default function DirectiveDetailPage() {
  const { t } = useLang();
  const { id = '' } = useParams();
  const { data, loading, error } = useQuery(DirectiveDetailDocument, { ...CITY, variables: { id } });
  const d = data?.directive;
  if (loading && !data) return <Table loading />;
  if (error || !d)
    return (
      <Space orientation="vertical">
        <Alert type="error" showIcon title={t(error ? 'genericError' : L.notFound)} />
        <Link to="/directives">{t('back')}</Link>
      </Space>
    );
  // Communes' rows sit under their district's; an empty list would still draw an expand button.
  const rows: Row[] = [...d.assignments]
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.unit.name.localeCompare(b.unit.name, 'vi'))
    .map((a) => ({
      ...a,
      children: a.children.length ? [...a.children].sort((x, y) => x.unit.name.localeCompare(y.unit.name, 'vi')) : undefined,
    }));
  return (
    <>
      <Link to="/directives">
        <Button size="small">{t('back')}</Button>
      </Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 12 }}>
        {d.title}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          ...(d.reference ? [{ key: 'ref', label: t(L.reference), children: d.reference }] : []),
          { key: 'by', label: t(L.issuedBy), children: d.issuedBy.name },
          { key: 'at', label: t(L.issuedAt), children: formatDateTime(d.issuedAt) },
          { key: 'due', label: t(L.dueDate), children: formatDate(d.dueDate) },
          { key: 'body', label: t(L.body), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{d.body}</span> },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 20 }}>
        {t(L.progress)}
      </Typography.Title>
      <ProgressSummary progress={d.progress} />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 20 }}>
        {t(L.byDistrict)}
      </Typography.Title>
      <Table<Row>
        rowKey="id"
        dataSource={rows}
        pagination={false}
        size="small"
        onRow={(r) => ({ 'data-unit': r.unit.code }) as HTMLAttributes<HTMLElement>}
        columns={[
          ...assignmentColumns<Row>(t),
          {
            title: t(L.lastNote),
            key: 'note',
            render: (_, a) => (
              <span>
                {a.lastNote ?? '–'}
                {a.completionReason && (
                  <Typography.Text type="secondary">
                    {' '}
                    ({t(L.completionReason)}: {a.completionReason})
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t(L.updatedAt), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
        ]}
      />
    </>
  );
}
