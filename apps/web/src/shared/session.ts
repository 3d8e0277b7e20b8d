// The signed-in user, kept in this browser's localStorage so a reload or a second tab stays signed in, and dropped
// once its token expires. Listeners hear sign-in, sign-out and expiry (the Apollo link reports an UNAUTHENTICATED).
export type Role = 'CITY_ADMIN' | 'CITY_STAFF' | 'DISTRICT_STAFF' | 'WARD_STAFF' | 'VIEWER';

export interface SessionUser {
  username: string;
  role: Role;
  unit: { code: string; name: string; level: 'CITY' | 'DISTRICT' | 'WARD' };
}

export interface Session {
  accessToken: string;
  expiresAt: string;
  user: SessionUser;
}

/** Why a person is on the sign-in page: shown there in words. */
export type SignInReason = 'expired' | 'refused' | null;

const KEY = 'council.session';
type Listener = (session: Session | null, reason: SignInReason) => void;
const listeners = new Set<Listener>();

export function currentSession(now = Date.now()): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > now ? session : null;
  } catch {
    return null;
  }
}

export function startSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
  for (const l of listeners) l(session, null);
}

export function endSession(reason: SignInReason = null): void {
  localStorage.removeItem(KEY);
  for (const l of listeners) l(null, reason);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
