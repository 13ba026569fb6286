import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { nowSeconds } from '../clock';
import { configuredProviders, env } from '../config';
import { AUTH_ERROR_STATUS, isAuthErrorCode } from '../errors';
import { contentSecurityPolicy, isDocumentRequest, randomNonce } from '../http';
import { ensureFreshSession } from '../lifecycle';
import { FRESH_COOKIE, SESSION_COOKIE, applyCookieWrites, cookieName, isSecureOrigin } from '../session';

/**
 * What proxy.ts does, and it runs only when one of its two jobs is due (see its `config`):
 *
 * 1. Refresh-ahead: a session cookie is present and its freshness marker is not. The marker's
 *    Max-Age ends when a refresh or an idle-deadline push is due, so the browser's own cookie
 *    expiry decides when auth costs anything at all.
 * 2. The script nonce of an HTML document: Next 16 reads it from the request's
 *    Content-Security-Policy header and puts it on every script it renders. A request that
 *    already carries that header (a reverse proxy that supplies the nonce) is left to it.
 *
 * It also gives /auth/error its status: an App Router page cannot set one, a proxy can.
 */
export async function authProxy(request: NextRequest): Promise<NextResponse> {
  const config = env();
  const secure = isSecureOrigin(config.APP_URL);
  const refreshDue = request.cookies.has(cookieName(SESSION_COOKIE, secure)) && !request.cookies.has(cookieName(FRESH_COOKIE, secure));
  const writes = refreshDue ? (await ensureFreshSession(request.cookies, config, nowSeconds())).writes : [];
  const policy = isDocumentRequest(request.headers) && !request.headers.has('content-security-policy') ? documentPolicy() : undefined;
  const status = errorPageStatus(request);
  if (writes.length === 0 && !policy && !status) return NextResponse.next();
  // Set-Cookie reaches the browser; rewriting the request's Cookie header makes the same
  // values visible to the page rendered for this very request.
  for (const write of writes) {
    if (write.options.maxAge > 0) request.cookies.set(write.name, write.value);
    else request.cookies.delete(write.name);
  }
  if (policy) request.headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: request.headers }, ...(status && { status }) });
  if (policy) response.headers.set('Content-Security-Policy', policy);
  applyCookieWrites(response.cookies, writes);
  return response;
}

/** 4xx or 5xx for the error page, by its code (unknown codes read as a bad request). */
function errorPageStatus(request: NextRequest): number | undefined {
  if (request.nextUrl.pathname !== '/auth/error') return undefined;
  const code = request.nextUrl.searchParams.get('code');
  return isAuthErrorCode(code) ? AUTH_ERROR_STATUS[code] : 400;
}

function documentPolicy(): string {
  const config = env();
  return contentSecurityPolicy({
    nonce: randomNonce(),
    formActionOrigins: configuredProviders(config).map((provider) => new URL(provider.issuer).origin),
    development: process.env.NODE_ENV === 'development',
    https: isSecureOrigin(config.APP_URL),
  });
}
