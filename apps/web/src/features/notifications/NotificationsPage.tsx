import { useMutation, useQuery } from '@apollo/client/react';
import { App as AntApp, Badge, Button, Card, List, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

import { CITY } from '../../app/apollo';
import {
  MarkNotificationsReadDocument,
  type NotificationFieldsFragment,
  NotificationPreferencesDocument,
  NotificationsDocument,
  SetNotificationPreferencesDocument,
} from '../../gql/city/graphql';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { NOTIFY } from './labels';
import { useBadge } from './useNotificationBadge';

const PAGE = 20;

/** The notification centre: newest first, unread marked; opening one marks it read and goes to its report or directive. */
export default function NotificationsPage() {
  const { t } = useLang();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t(NOTIFY.title)}
      </Typography.Title>
      <NotificationList />
      <Preferences />
    </>
  );
}

function NotificationList() {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const badge = useBadge();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, refetch, fetchMore, loading } = useQuery(NotificationsDocument, {
    variables: { unreadOnly, first: PAGE },
    fetchPolicy: 'network-only',
    ...CITY,
  });
  const [mark] = useMutation(MarkNotificationsReadDocument, CITY);
  // The bell moved (a new notification, some read elsewhere): the list follows.
  useEffect(() => {
    if (badge) void refetch();
  }, [badge, refetch]);
  const page = data?.notifications;
  const items = page?.items ?? [];

  const open = async (n: NotificationFieldsFragment) => {
    if (!n.readAt) await mark({ variables: { ids: [n.id] } });
    void navigate(n.link);
  };
  const more = () =>
    void fetchMore({
      variables: { after: page?.endCursor },
      updateQuery: (prev, { fetchMoreResult }) => ({
        notifications: { ...fetchMoreResult.notifications, items: [...prev.notifications.items, ...fetchMoreResult.notifications.items] },
      }),
    });

  return (
    <Card
      style={{ marginBottom: 16 }}
      title={
        <Space>
          <Badge count={badge?.unread ?? 0} />
          <span>{t(NOTIFY.title)}</span>
        </Space>
      }
      extra={
        <Space>
          <label>
            <Space size="small">
              <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} aria-label={t(NOTIFY.unreadOnly)} />
              {t(NOTIFY.unreadOnly)}
            </Space>
          </label>
          <Button onClick={() => void mark({ variables: { all: true } }).then(() => refetch())} disabled={!badge?.unread}>
            {t(NOTIFY.markAllRead)}
          </Button>
        </Space>
      }
    >
      <List
        loading={loading && !data}
        // Its own text colour: the list's grey empty text is too faint to read (axe: contrast).
        locale={{ emptyText: <Typography.Text>{t(NOTIFY.none)}</Typography.Text> }}
        dataSource={items}
        data-testid="notification-list"
        renderItem={(n) => (
          <List.Item
            key={n.id}
            data-testid="notification"
            style={{ background: n.readAt ? undefined : '#fff7e6', paddingInline: 12 }}
            actions={
              n.readAt
                ? []
                : [
                    <Button
                      key="read"
                      size="small"
                      type="link"
                      onClick={() => void mark({ variables: { ids: [n.id] } }).then(() => refetch())}
                    >
                      {t(NOTIFY.markRead)}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {!n.readAt && <Tag color="red">{t(NOTIFY.unread)}</Tag>}
                  <a href={n.link} onClick={(e) => (e.preventDefault(), void open(n))} style={{ fontWeight: n.readAt ? 400 : 600 }}>
                    {lang === 'vi' ? n.title : n.titleEn}
                  </a>
                </Space>
              }
              description={
                <>
                  <div>{lang === 'vi' ? n.body : n.bodyEn}</div>
                  <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {page?.hasMore && (
        <Button onClick={more} style={{ marginTop: 12 }}>
          {t(NOTIFY.more)}
        </Button>
      )}
    </Card>
  );
}

function Preferences() {
  const { t, lang } = useLang();
  const { message } = AntApp.useApp();
  const { data } = useQuery(NotificationPreferencesDocument, CITY);
  // The choices have no id for the cache to update in place: the list is read again once saved.
  const [save, { loading }] = useMutation(SetNotificationPreferencesDocument, {
    ...CITY,
    refetchQueries: [NotificationPreferencesDocument],
    awaitRefetchQueries: true,
  });
  const [choice, setChoice] = useState<Record<string, { inApp: boolean; email: boolean }>>({});
  const rows = (data?.notificationPreferences ?? []).map((p) => ({ ...p, ...choice[p.kind] }));
  const toggle = (kind: string, channel: 'inApp' | 'email', on: boolean) => {
    const row = rows.find((r) => r.kind === kind)!;
    setChoice((c) => ({ ...c, [kind]: { inApp: row.inApp, email: row.email, [channel]: on } }));
  };
  return (
    <Card title={t(NOTIFY.preferences)} data-testid="notification-preferences">
      <p>{t(NOTIFY.preferencesHint)}</p>
      <Table
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t(NOTIFY.kind), dataIndex: 'label', render: (_: unknown, r) => (lang === 'vi' ? r.label : r.labelEn) },
          {
            title: t(NOTIFY.inApp),
            render: (_: unknown, r) => (
              <Switch
                size="small"
                checked={r.inApp}
                onChange={(on) => toggle(r.kind, 'inApp', on)}
                aria-label={`${t(NOTIFY.inApp)}: ${r.label}`}
              />
            ),
          },
          {
            title: t(NOTIFY.email),
            render: (_: unknown, r) => (
              <Switch
                size="small"
                checked={r.email}
                onChange={(on) => toggle(r.kind, 'email', on)}
                aria-label={`${t(NOTIFY.email)}: ${r.label}`}
              />
            ),
          },
        ]}
      />
      <Button
        type="primary"
        loading={loading}
        style={{ marginTop: 12 }}
        disabled={Object.keys(choice).length === 0}
        onClick={() =>
          void save({
            variables: { preferences: Object.entries(choice).map(([kind, c]) => ({ kind: kind as never, ...c })) },
          }).then(() => {
            setChoice({});
            void message.success(t(NOTIFY.saved));
          })
        }
      >
        {t(NOTIFY.save)}
      </Button>
    </Card>
  );
}
