import { type ComponentType, lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';

import { SignInPage } from '../features/auth/SignInPage';
import { Loading } from '../shared/Loading';
import { apolloClient } from './apollo';

// The shell (menu, header) is a chunk of its own too: the sign-in page needs none of it.
const Shell = lazy(() => import('./Shell').then((m) => ({ default: m.Shell })));

// One chunk per feature, loaded when its route is first opened: the first page carries only sign-in and the shell.
const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
};

/**
 * A page's chunk, fetched at once when the app opens on its path (beside the shell's chunk, not after the shell has
 * rendered), else when the page is first shown.
 */
const openedOn = <T,>(prefix: string, load: () => Promise<T>) => {
  if (window.location.pathname.startsWith(prefix)) void load();
  return load;
};

/**
 * Opened on the statistics explorer: its figures and its code are asked for before the app first renders
 * (features/statistics/prefetch.ts), so they come over the network while the shell renders, and the page's first
 * render has its figures. main.tsx waits for this (a few milliseconds: a small chunk from the cache) before rendering;
 * the prefetch failing changes nothing but the wait.
 */
export const routePrefetch: Promise<void> = /^\/statistics\/?$/.test(window.location.pathname)
  ? import('../features/statistics/prefetch').then((m) => m.prefetchExplorer(apolloClient(), window.location.search)).catch(() => undefined)
  : Promise.resolve();

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  // The hall's projector and the printed summary: full pages without the shell's menu.
  { path: '/briefing/*', element: page(() => import('../features/briefing/BriefingPage')) },
  {
    element: (
      <Suspense fallback={<Loading />}>
        <Shell />
      </Suspense>
    ),
    children: [
      { index: true, element: page(() => import('../features/home/HomePage')) },
      { path: 'reports', element: page(() => import('../features/reports/ReportListPage')) },
      { path: 'reports/import', element: page(() => import('../features/workbooks/WorkbookImportPage')) },
      { path: 'reports/:unitCode/:period', element: page(() => import('../features/reports/ReportFormPage')) },
      { path: 'review/*', element: page(() => import('../features/review/ReviewPage')) },
      { path: 'closing', element: page(() => import('../features/closing/ClosingPage')) },
      { path: 'directives/*', element: page(() => import('../features/directives/DirectivesPage')) },
      { path: 'statistics/*', element: page(openedOn('/statistics', () => import('../features/statistics/StatisticsPage'))) },
      { path: 'admin/*', element: page(() => import('../features/admin/AdminPage')) },
      { path: 'explorer/*', element: page(() => import('../features/explorer/ApiExplorerPage')) },
      { path: 'notifications', element: page(() => import('../features/notifications/NotificationsPage')) },
      { path: '*', element: page(() => import('./NotFoundPage')) },
    ],
  },
]);
