import { authProxy } from '@/lib/auth/next/proxy';

/**
 * Refresh-ahead and the CSP nonce of HTML documents (lib/auth/next/proxy.ts). The matcher keeps
 * this off every request where neither is due: no session cookie without its freshness marker,
 * and not an HTML document.
 */
export const proxy = authProxy;

// Literal by necessity (Next parses it at build time): cookie names from lib/auth/session/cookies.ts,
// plain and with the __Host- prefix used on https. Static assets and the login/callback/logout
// routes never need a refreshed session or a nonce; nor does /health (exactly: `$`, so a page
// named /healthcare still gets both), which load balancers call often and which reads no session.
export const config = {
  matcher: [
    // The error page's status is set here (App Router pages cannot set one).
    '/auth/error',
    { source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout|health$).*)', has: [{ type: 'cookie', key: 'app_session' }], missing: [{ type: 'cookie', key: 'app_session_fresh' }] },
    { source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout|health$).*)', has: [{ type: 'cookie', key: '__Host-app_session' }], missing: [{ type: 'cookie', key: '__Host-app_session_fresh' }] },
    // HTML documents (Fetch Metadata; or Accept from browsers without it) that need a nonce.
    { source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout|health$).*)', has: [{ type: 'header', key: 'sec-fetch-dest', value: 'document' }], missing: [{ type: 'header', key: 'content-security-policy' }] },
    {
      source: '/((?!_next/static|_next/image|favicon.ico|auth/login|auth/callback|auth/logout|health$).*)',
      has: [{ type: 'header', key: 'accept', value: '.*text/html.*' }],
      missing: [
        { type: 'header', key: 'sec-fetch-dest' },
        { type: 'header', key: 'content-security-policy' },
      ],
    },
  ],
};
