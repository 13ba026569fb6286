import { NextResponse, type NextRequest } from 'next/server';
import { nowSeconds } from '@/lib/auth/clock';
import { FRESH_COOKIE, SESSION_COOKIE, applyCookieWrites, cookieName } from '@/lib/auth/session/cookies';
import { ensureFreshSession } from '@/lib/auth/lifecycle/freshness';
import { configuredProviders } from '@/lib/auth/config/providers';
import { contentSecurityPolicy, isDocumentRequest, randomNonce } from '@/lib/auth/http/csp';
import { env } from '@/lib/auth/config/env';

/**
 * Two jobs, and it runs only when one of them is due (see `config`):
 *
 * 1. Refresh-ahead: a session cookie is present and its freshness marker is not. The marker's
 *    Max-Age ends when a refresh or an idle-deadline push is due, so the browser's own cookie
 *    expiry decides when auth costs anything at all.
 * 2. The script nonce of an HTML document: Next 16 reads it from the request's
 *    Content-Security-Policy header and puts it on every script it renders. A request that
 *    already carries that header (a reverse proxy that supplies the nonce) is left to it.
 */
export async function proxy(request: NextRequest) {
  const config = env();
  const secure = config.APP_URL.startsWith('https://');
  const refreshDue = request.cookies.has(cookieName(SESSION_COOKIE, secure)) && !request.cookies.has(cookieName(FRESH_COOKIE, secure));
  const writes = refreshDue ? (await ensureFreshSession(request.cookies, config, nowSeconds())).writes : [];
  const policy = isDocumentRequest(request.headers) && !request.headers.has('content-security-policy') ? documentPolicy() : undefined;
  if (writes.length === 0 && !policy) return NextResponse.next();
  // Set-Cookie reaches the browser; rewriting the request's Cookie header makes the same
  // values visible to the page rendered for this very request.
  for (const write of writes) {
    if (write.options.maxAge > 0) request.cookies.set(write.name, write.value);
    else request.cookies.delete(write.name);
  }
  if (policy) request.headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: request.headers } });
  if (policy) response.headers.set('Content-Security-Policy', policy);
  applyCookieWrites(response.cookies, writes);
  return response;
}

function documentPolicy(): string {
  const config = env();
  return contentSecurityPolicy({
    nonce: randomNonce(),
    formActionOrigins: configuredProviders(config).map((provider) => new URL(provider.issuer).origin),
    development: process.env.NODE_ENV === 'development',
    https: config.APP_URL.startsWith('https://'),
  });
}

// Literal by necessity (Next parses it at build time): cookie names from lib/auth/cookies.ts,
// plain and with the __Host- prefix used on https. Static assets and the login/callback/logout
// routes never need a refreshed session or a nonce.
export const config = {
  matcher: [
    { source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout).*)', has: [{ type: 'cookie', key: 'app_session' }], missing: [{ type: 'cookie', key: 'app_session_fresh' }] },
    { source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout).*)', has: [{ type: 'cookie', key: '__Host-app_session' }], missing: [{ type: 'cookie', key: '__Host-app_session_fresh' }] },
    // HTML documents (Fetch Metadata; or Accept from browsers without it) that need a nonce.
    { source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout).*)', has: [{ type: 'header', key: 'sec-fetch-dest', value: 'document' }], missing: [{ type: 'header', key: 'content-security-policy' }] },
    {
      source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout).*)',
      has: [{ type: 'header', key: 'accept', value: '.*text/html.*' }],
      missing: [
        { type: 'header', key: 'sec-fetch-dest' },
        { type: 'header', key: 'content-security-policy' },
      ],
    },
  ],
};
