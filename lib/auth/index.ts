/**
 * The product's surface for pages and components. Server components read the session here;
 * client components get a SessionUser or a SessionView from them, never a token. Route handlers
 * use lib/auth/routes.ts; proxy.ts uses lib/auth/next/proxy.ts.
 */
export { nowSeconds } from './clock';
export { ERROR_COPY } from './error-copy';
export { isAuthErrorCode, type ApiErrorCode, type AuthErrorCode } from './errors';
export type { Recency } from './lifecycle';
export { endSessionsOf } from './next/person-sessions';
export { getSession, hasRole, isSignOutConfirmed, requireRole, requireSession, signInChoices, signInPath, stepUpPath, toSnapshot, toView, type SessionView } from './next/pages';
export type { SessionSnapshot, SessionUser } from './session';
