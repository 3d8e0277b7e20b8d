import {
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  FileTextOutlined,
  GlobalOutlined,
  HomeOutlined,
  LockOutlined,
  LogoutOutlined,
  SendOutlined,
  SettingOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import { LEVEL_LABELS } from '@council/core/levels.js';
import { App as AntApp, Button, Layout, Menu, Space, Typography } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';

import { openQueueDashboard, QUEUE_DASHBOARD_URL } from '../features/admin/queue-dashboard';
import { CLOSING } from '../features/closing/labels';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useLang } from '../shared/i18n';
import { type Role, signOut } from '../shared/session';
import { useSession } from '../shared/useSession';

const FILING_ROLES: readonly Role[] = ['CITY_STAFF', 'DISTRICT_STAFF', 'WARD_STAFF', 'CITY_ADMIN'];
const CITY_ROLES: readonly Role[] = ['CITY_STAFF', 'CITY_ADMIN', 'VIEWER'];

/** The frame of every signed-in page; without a session, the sign-in page, which brings the person back here. */
export function Shell() {
  const { session, reason } = useSession();
  const { t, lang, setLang } = useLang();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useApolloClient();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}${reason ? `&reason=${reason}` : ''}`} replace />;
  }
  const { user } = session;
  const items = [
    { key: '/', icon: <HomeOutlined />, label: t('home') },
    ...(FILING_ROLES.includes(user.role) ? [{ key: '/reports', icon: <FileTextOutlined />, label: t('reports') }] : []),
    ...(user.role === 'DISTRICT_STAFF' ? [{ key: '/review', icon: <AuditOutlined />, label: t('reviewMenu') }] : []),
    ...(user.role === 'CITY_STAFF' || user.role === 'CITY_ADMIN'
      ? [{ key: '/closing', icon: <LockOutlined />, label: t(CLOSING.menu) }]
      : []),
    ...(user.role !== 'VIEWER' ? [{ key: '/directives', icon: <SendOutlined />, label: t('directives') }] : []),
    ...(CITY_ROLES.includes(user.role) ? [{ key: '/statistics', icon: <BarChartOutlined />, label: t('statistics') }] : []),
    ...(user.role === 'CITY_ADMIN'
      ? [
          { key: '/admin', icon: <SettingOutlined />, label: t('admin') },
          // bull-board, served by city-api beside the app (a page of its own, not a route of this one).
          { key: QUEUE_DASHBOARD_URL, icon: <UnorderedListOutlined />, label: t('queueDashboard') },
        ]
      : []),
    // For integrators among the staff; a viewer may read briefing summaries only, so nearly every query would be refused.
    ...(user.role !== 'VIEWER' ? [{ key: '/explorer', icon: <ApiOutlined />, label: t('apiExplorer') }] : []),
  ];
  const selected = items
    .filter((i) => i.key !== '/' && i.key !== QUEUE_DASHBOARD_URL && location.pathname.startsWith(i.key))
    .map((i) => i.key);
  return (
    // AntApp (message, modal) lives here: the sign-in page needs none of it.
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#7f0000', paddingInline: 20 }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 17, flex: 1 }}>
            {t('appName')}
          </Typography.Text>
          <Space size="middle">
            <Typography.Text style={{ color: '#fde8e8' }}>
              {user.unit.name} · {t(LEVEL_LABELS[user.unit.level])} · <b>{user.username}</b>
            </Typography.Text>
            <NotificationBell username={user.username} />
            <Button size="small" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
              {t('language')}
            </Button>
            <Button
              size="small"
              icon={<LogoutOutlined />}
              onClick={() => {
                signOut();
                void client.clearStore();
              }}
            >
              {t('signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout>
          <Layout.Sider
            width={240}
            theme="light"
            breakpoint="lg"
            collapsedWidth={0}
            // The menu stays in view down a long form.
            style={{ position: 'sticky', top: 0, height: '100vh', overflowY: 'auto' }}
          >
            <Menu
              mode="inline"
              selectedKeys={selected.length ? selected : [location.pathname === '/' ? '/' : '']}
              items={items}
              onClick={(e) => void (e.key === QUEUE_DASHBOARD_URL ? openQueueDashboard() : navigate(e.key))}
              aria-label={t('home')}
            />
          </Layout.Sider>
          <Layout.Content style={{ padding: 24 }}>
            <main>
              <Outlet />
            </main>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}
