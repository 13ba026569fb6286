import { NextResponse, type NextRequest } from 'next/server';
import { nowSeconds } from '@/lib/auth/clock';
import { applyCookieWrites } from '@/lib/auth/cookies';
import { ensureFreshSession } from '@/lib/auth/freshness';
import { env } from '@/lib/env';

/**
 * Refresh-ahead. This runs only when a session cookie is present and its freshness marker is
 * not (see `config`): the marker's Max-Age ends when a refresh or an idle-deadline push is
 * due, so the browser's own cookie expiry decides when auth costs anything at all.
 */
export async function proxy(request: NextRequest) {
  const { writes } = await ensureFreshSession(request.cookies, env(), nowSeconds());
  if (writes.length === 0) return NextResponse.next();
  // Set-Cookie reaches the browser; rewriting the request's Cookie header makes the same
  // values visible to the page rendered for this very request.
  for (const write of writes) {
    if (write.options.maxAge > 0) request.cookies.set(write.name, write.value);
    else request.cookies.delete(write.name);
  }
  const response = NextResponse.next({ request: { headers: request.headers } });
  applyCookieWrites(response.cookies, writes);
  return response;
}

// Literal by necessity (Next parses it at build time): names from lib/auth/cookies.ts, plain
// and with the __Host- prefix used on https. Static assets and the login/callback/logout
// routes never need a refreshed session.
export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout).*)',
      has: [{ type: 'cookie', key: 'app_session' }],
      missing: [{ type: 'cookie', key: 'app_session_fresh' }],
    },
    {
      source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout).*)',
      has: [{ type: 'cookie', key: '__Host-app_session' }],
      missing: [{ type: 'cookie', key: '__Host-app_session_fresh' }],
    },
  ],
};
