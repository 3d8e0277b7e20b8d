import { useEffect, useState } from 'react';

import { currentSession, onSessionChange, type Session, type SignInReason } from './session';

/** The session, re-rendered on sign-in, sign-out and expiry, with the reason the last one ended. */
export function useSession(): { session: Session | null; reason: SignInReason } {
  const [state, setState] = useState(() => ({ session: currentSession(), reason: null as SignInReason }));
  useEffect(() => onSessionChange((session, reason) => setState({ session, reason })), []);
  return state;
}
