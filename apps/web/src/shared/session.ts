// The signed-in user, kept in this browser's localStorage so a reload or a second tab stays signed in. A session holds
// a short-lived access token (15 minutes) and the refresh token that renews it until the sign-in itself ends
// (`refreshExpiresAt`, 12 hours); renewal is silent (`freshAccessToken`), and only a refused renewal ends the session
// as expired. Listeners hear sign-in, renewal, sign-out and expiry.
//
// Why localStorage for the refresh token rather than an HttpOnly cookie: the pages and both APIs share one origin
// through the gateway, and the APIs take bearer tokens only — no cookie is ever sent, so there is no CSRF to defend
// against. A script injected into the page could read localStorage, but it could as well act through the page itself
// while it runs; the defence against that is the strict CSP (no inline or foreign scripts), and what a stolen refresh
// token buys is bounded: one use before the owner's next renewal revokes the whole sign-in (reuse detection), and an
// administrator can revoke it.
import { print } from 'graphql';

import { RenewSessionDocument, type RenewSessionMutation, SignOutDocument } from '../gql/district/graphql';

export type Role = 'CITY_ADMIN' | 'CITY_STAFF' | 'DISTRICT_STAFF' | 'WARD_STAFF' | 'VIEWER';

export interface SessionUser {
  username: string;
  role: Role;
  unit: { code: string; name: string; level: 'CITY' | 'DISTRICT' | 'WARD' };
}

export interface Session {
  accessToken: string;
  expiresAt: string;
  refreshToken?: string;
  /** When the sign-in ends however often the access token is renewed (absent in a session stored before refresh tokens). */
  refreshExpiresAt?: string;
  /** When to renew the access token before use (set by startSession): shortly before it expires. */
  renewAt?: string;
  user: SessionUser;
}

/** Why a person is on the sign-in page: shown there in words. */
export type SignInReason = 'expired' | 'refused' | null;

const KEY = 'council.session';
/** An access token this close to its expiry (at most a quarter of its life) is renewed before use rather than sent to be refused. */
const RENEW_BEFORE_MS = 30_000;
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

/** When the session ends: its sign-in's end, or its access token's when it cannot be renewed. */
export const sessionEnd = (session: Session): string =>
  session.refreshToken && session.refreshExpiresAt ? session.refreshExpiresAt : session.expiresAt;

export function currentSession(now = Date.now()): Session | null {
  const session = storedSession();
  return session && Date.parse(sessionEnd(session)) > now ? session : null;
}

/** 'expired' when this browser holds a session whose time has run out (closed overnight, say): the sign-in page says so. */
export function storedSessionReason(now = Date.now()): SignInReason {
  const session = storedSession();
  return session && !(Date.parse(sessionEnd(session)) > now) ? 'expired' : null;
}

export function startSession(received: Session): void {
  const expiresAt = Date.parse(received.expiresAt);
  const margin = Math.min(RENEW_BEFORE_MS, Math.max(0, expiresAt - Date.now()) / 4);
  const session = { ...received, renewAt: new Date(expiresAt - margin).toISOString() };
  localStorage.setItem(KEY, JSON.stringify(session));
  for (const l of listeners) l(session, null);
}

export function endSession(reason: SignInReason = null): void {
  localStorage.removeItem(KEY);
  for (const l of listeners) l(null, reason);
}

/** Sign-out: the server ends the sign-in (its refresh token) as well, so a copy of it is worthless. */
export function signOut(): void {
  const refreshToken = storedSession()?.refreshToken;
  endSession();
  if (refreshToken) void callDistrict(print(SignOutDocument), { refreshToken }).catch(() => undefined);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function callDistrict(query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch('/api/district/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

let renewing: Promise<string | null> | null = null;

/**
 * An access token the server should take: the stored one, or a renewed one when it is (nearly) expired or when
 * `refused` — the token the server just refused — is still the stored one. Null when there is no session or the
 * server refuses the renewal (the session then ends as expired) or cannot be reached. One renewal at a time in this
 * tab, and across tabs when the browser has Web Locks: a used refresh token presented twice would end the sign-in.
 */
export function freshAccessToken(refused?: string): Promise<string | null> {
  const session = currentSession();
  if (!session) return Promise.resolve(null);
  if (!needsRenewal(session, refused)) return Promise.resolve(session.accessToken);
  renewing ??= withLock(() => renew(refused)).finally(() => (renewing = null));
  return renewing;
}

function needsRenewal(session: Session, refused?: string): boolean {
  return session.accessToken === refused || Date.now() >= Date.parse(session.renewAt ?? session.expiresAt);
}

function withLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('council.session.renew', run) : run();
}

async function renew(refused?: string): Promise<string | null> {
  // Read again under the lock: another tab may have renewed meanwhile.
  const session = currentSession();
  if (!session) return null;
  if (!needsRenewal(session, refused)) return session.accessToken;
  if (!session.refreshToken) {
    endSession('expired');
    return null;
  }
  let body: { data?: unknown; errors?: unknown[] };
  try {
    body = await callDistrict(print(RenewSessionDocument), { refreshToken: session.refreshToken });
  } catch {
    return null; // unreachable: the request fails as any other would, and the session stays for the next try
  }
  const renewed = (body.data as RenewSessionMutation | null | undefined)?.refreshToken;
  if (!renewed) {
    endSession('expired');
    return null;
  }
  startSession(renewed);
  return renewed.accessToken;
}
