import { currentSession, endSession } from '../../shared/session';

/** bull-board on city-api, reached through the gateway at the app's own address (README "Queue dashboard"). */
export const QUEUE_DASHBOARD_URL = '/admin/queues';

/**
 * Opens the queue dashboard. A page navigation cannot carry the token this app keeps in the page, so the token is
 * first handed to the dashboard's session endpoint, which sets a short-lived HttpOnly cookie for the dashboard's path
 * only; then the browser goes there. A token the server refuses ends the session (the sign-in page says why).
 */
export async function openQueueDashboard(): Promise<void> {
  const token = currentSession()?.accessToken;
  const res = await fetch(`${QUEUE_DASHBOARD_URL}/session`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    credentials: 'same-origin',
  });
  if (res.ok) window.location.assign(`${QUEUE_DASHBOARD_URL}/`);
  else endSession(res.status === 401 ? 'expired' : 'refused');
}
