import { CSRF_HEADER } from '../http/csrf-header';

/** Dispatched on `window` when an API call needs the person to sign in (again). */
export const SIGN_IN_REQUIRED_EVENT = 'auth:sign-in-required';

export interface SignInRequired {
  /** 'step_up_required': signed in, but not recently or strongly enough for this call (RFC 9470). */
  reason: 'signed_out' | 'step_up_required';
  /** Where to send the person: the sign-in route, coming back to this page afterwards. */
  href: string;
}

/** The sign-in link from a 401 answer's `signIn` (same-origin paths only), back to this page. */
function signInHref(body: unknown): string {
  const here = `${window.location.pathname}${window.location.search}`;
  const given = body && typeof body === 'object' && 'signIn' in body && typeof body.signIn === 'string' ? body.signIn : '';
  // Only our own paths: never a link a response could point elsewhere ("//evil", "https:…").
  const base = given.startsWith('/') && !given.startsWith('//') && !given.startsWith('/\\') ? given : '/';
  return `${base}${base.includes('?') ? '&' : '?'}returnTo=${encodeURIComponent(here)}`;
}

/**
 * fetch() for the app's own API routes, from client components: adds the CSRF header the routes
 * require, sends the session cookie, never caches. A 401 (signed out, or a step-up asked for)
 * also dispatches SIGN_IN_REQUIRED_EVENT, which <SessionProvider> turns into `signInRequired`
 * so the page can offer to sign in again; the caller still gets the response.
 */
export async function bffFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(CSRF_HEADER, '1');
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const response = await fetch(path, { cache: 'no-store', credentials: 'same-origin', ...init, headers });
  if (response.status === 401) {
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    const reason = body && typeof body === 'object' && 'error' in body && body.error === 'step_up_required' ? 'step_up_required' : 'signed_out';
    const detail: SignInRequired = { reason, href: signInHref(body) };
    window.dispatchEvent(new CustomEvent<SignInRequired>(SIGN_IN_REQUIRED_EVENT, { detail }));
  }
  return response;
}
