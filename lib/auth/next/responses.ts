import 'server-only';
import { NextResponse } from 'next/server';
import type { Env } from '../config';
import { applyCookieWrites, type CookieWrite } from '../session';
import { ERROR_COPY } from '../error-copy';
import type { ApiErrorCode, AuthErrorCode } from '../errors';

/**
 * Auth responses carry cookies and personal data: no cache may keep them (RFC 9111 5.2.2.5),
 * and a shared cache must key them by cookie.
 */
export function noStore<T extends Response>(response: T): T {
  response.headers.set('Cache-Control', 'no-store');
  response.headers.set('Vary', 'Cookie');
  return response;
}

/** 303 makes the browser follow with GET whatever the method was (RFC 9110 15.4.4). */
export function redirectResponse(location: string | URL, writes: CookieWrite[] = []): NextResponse {
  const response = noStore(NextResponse.redirect(location, 303));
  applyCookieWrites(response.cookies, writes);
  return response;
}

/** Absolute URLs come from APP_URL, never from the request (its Host is not ours to trust). */
export function appUrl(env: Env, path: string): string {
  return `${env.APP_URL}${path}`;
}

export function errorRedirect(env: Env, code: AuthErrorCode, writes: CookieWrite[] = [], reason?: string): NextResponse {
  if (code === 'provider_unavailable' || code === 'store_unavailable') return unavailablePage(env, code, writes);
  // `reason`: the app's own refusal (SignInRefused), a lowercase word its error page has copy for.
  return redirectResponse(appUrl(env, `/auth/error?code=${code}${reason ? `&reason=${reason}` : ''}`), writes);
}

/**
 * "Provider unavailable" and "store unavailable" are answered in place with 503 and Retry-After
 * (RFC 9110 15.6.4), not redirected to /auth/error: App Router pages cannot set a 503. Fixed
 * copy, no provider text; the cookies stay, so the person is still signed in afterwards.
 */
export function unavailablePage(env: Env, code: 'provider_unavailable' | 'store_unavailable', writes: CookieWrite[] = []): NextResponse {
  const { title, body } = ERROR_COPY[code];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:64px 16px;background:#f8fafc;color:#0f172a}main{max-width:36rem;margin:0 auto}h1{font-size:1.5rem}p{color:#475569}a{color:#4f46e5;font-weight:500}</style></head>
<body><main data-testid="auth-error" data-code="${code}"><h1>${title}</h1><p>${body}</p><p><a href="${env.APP_URL}/">Back to the home page</a></p></main></body></html>`;
  const response = noStore(new NextResponse(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '30' } }));
  applyCookieWrites(response.cookies, writes);
  return response;
}

/** A JSON error answer in the app's one vocabulary: `{ "error": code }` (plus OAuth's `error_description` where a spec asks for one). */
export function jsonError(code: ApiErrorCode, status: number, writes: CookieWrite[] = [], extra: { error_description?: string; user?: null; signIn?: string } = {}): NextResponse {
  return jsonResponse({ ...extra, error: code }, status, writes);
}

export function jsonResponse(body: unknown, status: number, writes: CookieWrite[] = []): NextResponse {
  const response = noStore(NextResponse.json(body, { status }));
  applyCookieWrites(response.cookies, writes);
  return response;
}
