import { useEffect, useState } from 'react';

import { currentSession, endSession, onSessionChange, type Session, sessionEnd, type SignInReason, storedSessionReason } from './session';

/** The longest a timer may wait in a browser (about 24.8 days); a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The session, re-rendered on sign-in, renewal, sign-out and expiry, with the reason the last one ended. A sign-in
 * whose time runs out while the page is open ends then, as expired, rather than at the next refused request (the
 * access token's own expiry is no end: the next request renews it).
 */
export function useSession(): { session: Session | null; reason: SignInReason } {
  const [state, setState] = useState(() => ({ session: currentSession(), reason: storedSessionReason() }));
  useEffect(() => onSessionChange((session, reason) => setState({ session, reason })), []);
  const endsAt = state.session ? sessionEnd(state.session) : undefined;
  useEffect(() => {
    if (!endsAt) return;
    const timer = setTimeout(
      () => {
        if (!currentSession()) endSession('expired');
      },
      Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(endsAt) - Date.now()) + 1000),
    );
    return () => clearTimeout(timer);
  }, [endsAt]);
  return state;
}
