import 'server-only';
import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { configuredProviders, env, findProvider } from '../config';
import { nowSeconds } from '../clock';
import { safeReturnTo, stepUpQuery } from '../http';
import { sentLogoutState } from './logout';
import { meetsRecency, readSession, type Recency, type SessionState } from '../lifecycle';
import { sessionExpiresAt, type Session, type SessionSnapshot, type SessionUser } from '../session';

/**
 * Server components' view of the session. Unsealed once per request (React cache), checked
 * against the idle and absolute lifetimes and the revocation list. proxy.ts has already
 * refreshed it when due.
 */
const getSessionState = cache(async (): Promise<SessionState> => readSession(await cookies(), env(), nowSeconds()));

/**
 * The signed-in session, or null. Null also while the store cannot say whether the session was
 * ended: nothing personal is shown then. Pages that need a session use requireSession().
 */
export async function getSession(): Promise<Session | null> {
  const state = await getSessionState();
  return state.status === 'active' ? state.session : null;
}

export interface SessionView {
  user: SessionUser;
  provider: string;
  /** The provider's name for people ("Keycloak", "Google", OIDC_NAME), not its id. */
  providerLabel: string;
  /** Epoch seconds. */
  sessionExpiresAt: number;
  accessTokenExpiresAt: number;
}

export function toView(session: Session): SessionView {
  const config = env();
  const providerLabel = findProvider(config, session.provider)?.label ?? session.provider;
  return { user: session.user, provider: session.provider, providerLabel, sessionExpiresAt: sessionExpiresAt(session, config), accessTokenExpiresAt: session.tokens.expiresAt };
}

/** The session as client code may see it (GET /auth/session, <SessionProvider initial>): no token. */
export function toSnapshot(session: Session): SessionSnapshot {
  const config = env();
  const { sub, name, email, roles } = session.user;
  return { user: { sub, name, email, roles }, provider: session.provider, providerLabel: findProvider(config, session.provider)?.label ?? session.provider, expiresAt: sessionExpiresAt(session, config) };
}

/** Where an anonymous visitor goes to sign in, and comes back to `returnTo` afterwards. */
export function signInPath(returnTo: string): string {
  const target = encodeURIComponent(safeReturnTo(returnTo, env().APP_URL));
  const providers = configuredProviders(env());
  return providers.length === 1 && providers[0] ? `/auth/login/${providers[0].id}?returnTo=${target}` : `/?returnTo=${target}`;
}

/** The sign-in link that asks the session's provider for a step-up, and comes back to `returnTo`. */
export function stepUpPath(session: Session, returnTo: string, recency: Recency): string {
  return `/auth/login/${session.provider}?returnTo=${encodeURIComponent(safeReturnTo(returnTo, env().APP_URL))}&${stepUpQuery(recency)}`;
}

/**
 * For protected pages: a signed-in session with a valid access token, or a redirect. The
 * expiry check is a safety net for clients that keep cookies past Max-Age (and so skip the
 * proxy): they are sent through /auth/refresh rather than served with an expired token.
 *
 * With `recency` (a step-up: `{ maxAge: 300 }` for "signed in within five minutes", or an `acr`)
 * a session whose sign-in is older or weaker goes through the provider again, which is asked
 * for max_age / acr_values, and the new ID token's auth_time / acr are checked on the way back.
 */
export async function requireSession(returnTo: string, recency: Recency = {}): Promise<Session> {
  const state = await getSessionState();
  // /auth/refresh answers what a page cannot: 503 while the store is down, cookies kept.
  if (state.status === 'unavailable') redirect(`/auth/refresh?returnTo=${encodeURIComponent(returnTo)}`);
  if (state.status !== 'active') redirect(signInPath(returnTo));
  const { session } = state;
  const now = nowSeconds();
  if (now >= session.tokens.expiresAt) redirect(`/auth/refresh?returnTo=${encodeURIComponent(returnTo)}`);
  if (!meetsRecency(session, recency, now)) redirect(stepUpPath(session, returnTo, recency));
  return session;
}

export function hasRole(session: Session, role: string): boolean {
  return session.user.roles.includes(role);
}

/**
 * For pages that need a role: anonymous visitors go through sign-in (and come back), signed-in
 * people without the role get the 403 page (app/forbidden.tsx).
 */
export async function requireRole(role: string, returnTo: string, recency: Recency = {}): Promise<Session> {
  const session = await requireSession(returnTo, recency);
  if (!hasRole(session, role)) forbidden();
  return session;
}

/** The sign-in buttons for a page: each configured provider, and where to come back to. */
export function signInChoices(returnTo: string | undefined): { providers: { id: string; label: string }[]; returnTo: string } {
  const config = env();
  return { providers: configuredProviders(config).map(({ id, label }) => ({ id, label })), returnTo: safeReturnTo(returnTo ?? '/dashboard', config.APP_URL) };
}

/**
 * Back from the provider's sign-out: confirmed only when the `state` in the URL is the one this
 * browser sent (OIDC RP-Initiated Logout 1.0 section 3); anything else is a plain signed-out page.
 */
export async function isSignOutConfirmed(state: unknown): Promise<boolean> {
  return typeof state === 'string' && state.length > 0 && state === sentLogoutState(await cookies(), env());
}
