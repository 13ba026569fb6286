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
 * The 503 page's look: the app's error pages drawn without React (a route handler cannot render
 * them), light and dark. No script and no external resource, so any CSP allows it.
 */
const UNAVAILABLE_STYLE = `:root{color-scheme:light dark;--bg:#f8fafc;--card:#fff;--line:#e2e8f0;--text:#0f172a;--muted:#475569;--accent:#4f46e5;--accent-hover:#4338ca;--icon-bg:#fee2e2;--icon:#991b1b}
@media (prefers-color-scheme:dark){:root{--bg:#020617;--card:#0f172a;--line:#1e293b;--text:#f1f5f9;--muted:#cbd5e1;--icon-bg:#450a0a;--icon:#fca5a5}}
*{box-sizing:border-box}body{margin:0;min-height:100dvh;display:flex;align-items:center;justify-content:center;padding:24px 16px;background:var(--bg);color:var(--text);font:16px/1.6 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:36rem;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:32px;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.eyebrow{display:flex;align-items:center;gap:12px;margin:0;font-size:.875rem;font-weight:600;letter-spacing:.025em;text-transform:uppercase;color:var(--muted)}
.icon{display:inline-flex;width:40px;height:40px;border-radius:999px;align-items:center;justify-content:center;background:var(--icon-bg);color:var(--icon)}
h1{margin:20px 0 0;font-size:1.75rem;line-height:1.25;letter-spacing:-.01em;text-wrap:balance}p.body{margin:12px 0 0;color:var(--muted)}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin-top:24px}
a{display:inline-flex;align-items:center;justify-content:center;padding:10px 16px;border-radius:8px;font-size:.875rem;font-weight:600;text-decoration:none}
a.primary{background:var(--accent);color:#fff}a.primary:hover{background:var(--accent-hover)}a.secondary{border:1px solid var(--line);color:var(--text)}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}@media (max-width:480px){main{padding:24px}a{flex:1 1 100%}}`;

const WARNING_ICON = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M12 8v5m0 3.5v.01M10.3 3.9 2.5 17.5A2 2 0 0 0 4.2 20.5h15.6a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"/></svg>';

/**
 * "Provider unavailable" and "store unavailable" are answered in place with 503 and Retry-After
 * (RFC 9110 15.6.4), not redirected to /auth/error: App Router pages cannot set a 503. Fixed
 * copy, no provider text; the cookies stay, so the person is still signed in afterwards. "Try
 * again" asks for the same address again (every route that answers this is a GET).
 */
export function unavailablePage(env: Env, code: 'provider_unavailable' | 'store_unavailable', writes: CookieWrite[] = []): NextResponse {
  const { title, body } = ERROR_COPY[code];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · Next OIDC BFF</title><link rel="icon" href="/icon.svg" type="image/svg+xml"><style>${UNAVAILABLE_STYLE}</style></head>
<body><main data-testid="auth-error" data-code="${code}"><p class="eyebrow"><span class="icon">${WARNING_ICON}</span>503 · Temporarily unavailable</p><h1>${title}</h1><p class="body">${body}</p>
<div class="actions"><a class="primary" href="">Try again</a><a class="secondary" href="${env.APP_URL}/">Go to the home page</a></div></main></body></html>`;
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
