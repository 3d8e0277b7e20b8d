import { useEffect, useState } from 'react';

import { currentSession, endSession, onSessionChange, type Session, type SignInReason, storedSessionReason } from './session';

/** The longest a timer may wait in a browser (about 24.8 days); a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The session, re-rendered on sign-in, sign-out and expiry, with the reason the last one ended. A session whose time
 * runs out while the page is open ends then, as expired, rather than at the next refused request.
 */
export function useSession(): { session: Session | null; reason: SignInReason } {
  const [state, setState] = useState(() => ({ session: currentSession(), reason: storedSessionReason() }));
  useEffect(() => onSessionChange((session, reason) => setState({ session, reason })), []);
  const expiresAt = state.session?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setTimeout(
      () => {
        if (!currentSession()) endSession('expired');
      },
      Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(expiresAt) - Date.now()) + 1000),
    );
    return () => clearTimeout(timer);
  }, [expiresAt]);
  return state;
}
