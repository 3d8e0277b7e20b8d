import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { useSession } from '../../shared/useSession';

/**
 * The briefing pages stand outside the shell (a projector, a sheet of paper) but read figures only a signed-in
 * account may: without a session, the app's sign-in page, which brings the person back here.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { session, reason } = useSession();
  const location = useLocation();
  if (session) return children;
  const next = encodeURIComponent(location.pathname + location.search);
  return <Navigate to={`/sign-in?next=${next}${reason ? `&reason=${reason}` : ''}`} replace />;
}
