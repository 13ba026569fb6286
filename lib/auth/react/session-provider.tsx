'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionSnapshot } from '../session/snapshot';
import { SIGN_IN_REQUIRED_EVENT, type SignInRequired } from './bff-fetch';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'unavailable';

export interface SessionContextValue {
  status: SessionStatus;
  /** Who is signed in, until when; null unless status is 'signed-in'. */
  session: SessionSnapshot | null;
  /** Set when a bffFetch() call was answered 401: offer `href` to the person. */
  signInRequired: SignInRequired | null;
  dismissSignInRequired(): void;
  /** Asks the server again (GET /auth/session). */
  reload(): Promise<void>;
  /** Signs out here and in every other tab (a POST to /auth/logout, as the sign-out button does). */
  signOut(): void;
}

/** Tabs of this origin tell each other about sign-outs on this channel. */
const CHANNEL = 'auth:session';
/** A tab that comes back into view after this long asks the server again. */
const RECHECK_AFTER_MS = 60_000;
/** After another tab's sign-out: how often, and how many times, to ask the server whether it has ended. */
const CONFIRM_INTERVAL_MS = 250;
const CONFIRM_ATTEMPTS = 40;
/** setTimeout's longest delay (2^31 − 1 ms); later expiries are checked again then. */
const MAX_TIMER_MS = 2_147_483_647;

const SessionContext = createContext<SessionContextValue | null>(null);

/** GET /auth/session is our own route, but its answer is still checked before it is used. */
function isSnapshot(value: unknown): value is SessionSnapshot {
  if (!value || typeof value !== 'object') return false;
  const { user, provider, providerLabel, expiresAt } = value as Record<string, unknown>;
  const sub = user && typeof user === 'object' ? (user as Record<string, unknown>).sub : undefined;
  const roles = user && typeof user === 'object' ? (user as Record<string, unknown>).roles : undefined;
  return typeof sub === 'string' && Array.isArray(roles) && typeof provider === 'string' && typeof providerLabel === 'string' && typeof expiresAt === 'number';
}

async function fetchSession(): Promise<{ status: SessionStatus; session: SessionSnapshot | null }> {
  try {
    const response = await fetch('/auth/session', { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (response.status === 401) return { status: 'signed-out', session: null };
    const body: unknown = await response.json();
    return response.ok && isSnapshot(body) ? { status: 'signed-in', session: body } : { status: 'unavailable', session: null };
  } catch {
    return { status: 'unavailable', session: null };
  }
}

/**
 * Another tab says it is signing out, but its POST may not have reached the server yet: ask
 * until the server agrees the session has ended (at most ~10 s), so this tab never leaves for a
 * page that still shows the person signed in.
 */
async function endedAtServer(): Promise<boolean> {
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    if ((await fetchSession()).status === 'signed-out') return true;
    await new Promise((resolve) => setTimeout(resolve, CONFIRM_INTERVAL_MS));
  }
  return false;
}

function submitSignOut(): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/auth/logout';
  document.body.append(form);
  form.submit();
}

function isSignOutForm(target: EventTarget | null): boolean {
  return target instanceof HTMLFormElement && new URL(target.action, window.location.href).pathname === '/auth/logout';
}

/**
 * The session for client components below it. Put it in the pages (or layouts) that need it,
 * not the root layout: pages without it ship no auth JavaScript at all. Pass `initial` from the
 * server (toSnapshot(session)) to skip the first fetch.
 *
 * It knows when the session ends and asks the server again then; it asks again when the tab
 * comes back into view; a sign-out in one tab (signOut(), or any form posting to /auth/logout
 * on a page with this provider) reaches the others through a BroadcastChannel. Whenever the
 * session ends while the page is open, `onSignedOut` runs (by default: go to the home page).
 */
export function SessionProvider({ initial, onSignedOut, children }: { initial?: SessionSnapshot | null; onSignedOut?: () => void; children: ReactNode }) {
  const [state, setState] = useState<{ status: SessionStatus; session: SessionSnapshot | null }>(() =>
    initial === undefined ? { status: 'loading', session: null } : initial ? { status: 'signed-in', session: initial } : { status: 'signed-out', session: null },
  );
  const [signInRequired, setSignInRequired] = useState<SignInRequired | null>(null);
  const checkedAt = useRef(0);
  const channel = useRef<BroadcastChannel | null>(null);
  const status = useRef(state.status);
  const whenSignedOut = useRef(onSignedOut);
  useEffect(() => {
    status.current = state.status;
    whenSignedOut.current = onSignedOut;
  });

  /** The session ended while this page was open (here, in another tab, or at the server). */
  const ended = useCallback(() => {
    setState({ status: 'signed-out', session: null });
    if (whenSignedOut.current) return whenSignedOut.current();
    // A full load, not a client-side push: nothing of the signed-in page stays in memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/');
  }, []);

  const reload = useCallback(async () => {
    checkedAt.current = Date.now();
    const next = await fetchSession();
    if (status.current === 'signed-in' && next.status === 'signed-out') {
      // The other tabs share this cookie: tell them too.
      channel.current?.postMessage({ type: 'signed-out' });
      ended();
    } else {
      setState(next);
    }
  }, [ended]);

  const signOut = useCallback(() => {
    channel.current?.postMessage({ type: 'signed-out' });
    submitSignOut();
  }, []);

  // The channel, the sign-out forms, the 401s from bffFetch(), and coming back into view.
  useEffect(() => {
    const bc = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    channel.current = bc;
    bc?.addEventListener('message', (event: MessageEvent<unknown>) => {
      if ((event.data as { type?: unknown } | null)?.type !== 'signed-out' || status.current !== 'signed-in') return;
      void endedAtServer().then((gone) => (gone ? ended() : reload()));
    });
    const onSubmit = (event: SubmitEvent) => {
      if (isSignOutForm(event.target)) bc?.postMessage({ type: 'signed-out' });
    };
    const onSignInRequired = (event: Event) => setSignInRequired((event as CustomEvent<SignInRequired>).detail);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - checkedAt.current > RECHECK_AFTER_MS) void reload();
    };
    document.addEventListener('submit', onSubmit);
    window.addEventListener(SIGN_IN_REQUIRED_EVENT, onSignInRequired);
    document.addEventListener('visibilitychange', onVisible);
    if (initial === undefined) void reload();
    else checkedAt.current = Date.now();
    return () => {
      bc?.close();
      channel.current = null;
      document.removeEventListener('submit', onSubmit);
      window.removeEventListener(SIGN_IN_REQUIRED_EVENT, onSignInRequired);
      document.removeEventListener('visibilitychange', onVisible);
    };
    // `initial` is read once, on mount, as useState reads it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload, ended]);

  // When the session's lifetime runs out, ask the server (which says 401, or a later expiry).
  const expiresAt = state.session?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setTimeout(() => void reload(), Math.min(Math.max(expiresAt * 1000 - Date.now() + 1000, 0), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  }, [expiresAt, reload]);

  const value = useMemo<SessionContextValue>(
    () => ({ ...state, signInRequired, dismissSignInRequired: () => setSignInRequired(null), reload, signOut }),
    [state, signInRequired, reload, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session, from the nearest <SessionProvider>. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() needs a <SessionProvider> above it (in the page or layout that uses it).');
  return value;
}
