import { Tabs, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router';

import { useLang } from '../../shared/i18n';
import { Loading } from '../../shared/Loading';
import { S } from './labels';

// Each sub-page is a chunk of its own: the explorer (with ECharts) is not loaded to read completeness, and back.
const loadExplorer = () => import('./ExplorerPage');
// Opened on the explorer: its chunk (and from it the chart's) is fetched as this code runs, not once this page rendered.
if (!/^\/statistics\/(completeness|plan)\b/.test(window.location.pathname)) void loadExplorer();
const ExplorerPage = lazy(loadExplorer);
const CompletenessPage = lazy(() => import('./CompletenessPage'));
const PlanPage = lazy(() => import('./PlanPage'));

const TABS = [
  { key: '/statistics', label: S.explorer },
  { key: '/statistics/completeness', label: S.completeness },
  { key: '/statistics/plan', label: S.plan },
] as const;

/** The city's statistics: the explorer, who has reported, plan against actual (issue 13, part 5). */
export default function StatisticsPage() {
  const { t } = useLang();
  const location = useLocation();
  const navigate = useNavigate();
  const active = [...TABS].reverse().find((tab) => location.pathname.startsWith(tab.key))?.key ?? '/statistics';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 8 }}>
        {t('statistics')}
      </Typography.Title>
      <nav aria-label={t('statistics')}>
        <Tabs
          activeKey={active}
          onChange={(key) => void navigate(key)}
          items={TABS.map((tab) => ({ key: tab.key, label: t(tab.label) }))}
        />
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<ExplorerPage />} />
          <Route path="completeness" element={<CompletenessPage />} />
          <Route path="plan" element={<PlanPage />} />
          <Route path="*" element={<ExplorerPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
