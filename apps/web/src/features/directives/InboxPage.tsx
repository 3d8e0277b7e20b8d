import { useQuery } from '@apollo/client/react';
import { Alert, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { InboxAssignmentsDocument, type InboxAssignmentsQuery } from '../../gql/district/graphql';
import { formatDate, formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useSession } from '../../shared/useSession';
import { L } from './labels';
import { assignmentColumns } from './parts';

type Row = InboxAssignmentsQuery['assignments'][number];
type Whose = 'own' | 'communes' | 'all';

/** A district's or commune's assignments; a district also sees its communes' (each row says whose). */
export default function InboxPage() {
  const { t } = useLang();
  const { session } = useSession();
  const own = session!.user.unit.code;
  const isDistrict = session!.user.unit.level === 'DISTRICT';
  const [whose, setWhose] = useState<Whose>('own');
  const { data, loading, error } = useQuery(InboxAssignmentsDocument);
  const rows = (data?.assignments ?? [])
    .filter((a) => !isDistrict || whose === 'all' || (whose === 'own') === (a.unit.code === own))
    // Open and overdue first, then the nearest due date.
    .sort(
      (a, b) =>
        Number(a.status === 'COMPLETED') - Number(b.status === 'COMPLETED') ||
        Number(b.overdue) - Number(a.overdue) ||
        a.dueDate.localeCompare(b.dueDate) ||
        a.unit.name.localeCompare(b.unit.name, 'vi'),
    );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(L.inboxTitle)} · {session!.user.unit.name}
      </Typography.Title>
      {isDistrict && (
        <Segmented<Whose>
          style={{ marginBottom: 16 }}
          value={whose}
          onChange={setWhose}
          options={[
            { value: 'own', label: t(L.ownUnit) },
            { value: 'communes', label: t(L.communes) },
            { value: 'all', label: t(L.all) },
          ]}
        />
      )}
      {error && <Alert type="error" showIcon title={t('genericError')} />}
      <Table<Row>
        rowKey="id"
        loading={loading && !data}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t(L.noAssignments)}</Typography.Text> }}
        expandable={{ childrenColumnName: '_none' }}
        columns={[
          {
            title: t(L.directive),
            key: 'directive',
            render: (_, a) => (
              <Space orientation="vertical" size={2}>
                <Link to={`/directives/assignments/${a.id}`}>{a.directive.title}</Link>
                {a.directive.reference && <Typography.Text type="secondary">{a.directive.reference}</Typography.Text>}
              </Space>
            ),
          },
          ...assignmentColumns<Row>(t),
          { title: t(L.dueDate), dataIndex: 'dueDate', width: 120, render: (v: string) => formatDate(v) },
          { title: t(L.updatedAt), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
        ]}
      />
    </>
  );
}
