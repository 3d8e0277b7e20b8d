import { Tabs, Typography } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';

import NotFoundPage from '../../app/NotFoundPage';
import { useLang } from '../../shared/i18n';
import { useSession } from '../../shared/useSession';
import { L } from './labels';
import MetricsAdminPage from './MetricsAdminPage';
import QuartersAdminPage from './QuartersAdminPage';
import ReorganisationsAdminPage from './ReorganisationsAdminPage';
import TermsAdminPage from './TermsAdminPage';
import UsersAdminPage from './UsersAdminPage';

const SECTIONS = ['users', 'quarters', 'metrics', 'terms', 'reorganisations'] as const;

/** The city's administrators: users, quarter deadlines, the metric catalogue (issue 13, part 7), council terms and reorganisations (issue 14). */
export default function AdminPage() {
  const { t } = useLang();
  const { session } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  // The server refuses everyone else anyway; the page says so plainly instead of showing empty tables.
  if (session?.user.role !== 'CITY_ADMIN') return <NotFoundPage />;
  const section = SECTIONS.find((s) => pathname.startsWith(`/admin/${s}`)) ?? 'users';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 8 }}>
        {t(L.title)}
      </Typography.Title>
      <nav aria-label={t(L.title)}>
        <Tabs
          activeKey={section}
          onChange={(key) => void navigate(`/admin/${key}`)}
          items={SECTIONS.map((key) => ({ key, label: t(L[key]) }))}
        />
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersAdminPage />} />
        <Route path="quarters" element={<QuartersAdminPage />} />
        <Route path="metrics" element={<MetricsAdminPage />} />
        <Route path="terms" element={<TermsAdminPage />} />
        <Route path="reorganisations" element={<ReorganisationsAdminPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
