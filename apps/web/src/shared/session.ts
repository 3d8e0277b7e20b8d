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

function storedSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function currentSession(now = Date.now()): Session | null {
  const session = storedSession();
  return session && Date.parse(session.expiresAt) > now ? session : null;
}

/** 'expired' when this browser holds a session whose time has run out (closed overnight, say): the sign-in page says so. */
export function storedSessionReason(now = Date.now()): SignInReason {
  const session = storedSession();
  return session && !(Date.parse(session.expiresAt) > now) ? 'expired' : null;
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
