/**
 * Every auth route handler, ready for a one-line adapter in app/auth:
 * `export const GET = handleLogin;`. Each parses the request, calls the product, and answers.
 */
import type { NextRequest } from 'next/server';
import { backchannelLogout } from './next/backchannel-logout';
import type { AuthHooks } from './hooks';
import { finishLogin } from './next/callback';
import { startLogin } from './next/login';
import { logout } from './next/logout';
import { healthCheck } from './next/health';
import { appJwks } from './next/jwks';
import { refreshAndReturn, sessionInfo } from './next/session-routes';

export { SignInRefused, type AuthHooks, type SignInContext, type SignOutContext } from './hooks';

/** For the app's own route handlers: the guards and answers the auth routes use. */
export { jsonError, jsonResponse } from './next/responses';
export { CSRF_HEADER } from './http/csrf-header';
export { refuseCrossSite, requireRoleForRoute, type Guarded } from './next/route-guards';

type ProviderRoute = (request: NextRequest, context: { params: Promise<{ provider: string }> }) => Promise<Response>;

/** GET /auth/login/[provider]?returnTo=/path */
export const handleLogin: ProviderRoute = async (request, { params }) => startLogin(request, (await params).provider);
/** GET /auth/callback/[provider], with the app's sign-in hooks: `export const GET = callbackRoute(hooks)`. */
export function callbackRoute(hooks: AuthHooks = {}): ProviderRoute {
  return async (request, { params }) => finishLogin(request, (await params).provider, hooks);
}
/** POST /auth/backchannel-logout/[provider] */
export const handleBackchannelLogout: ProviderRoute = async (request, { params }) => backchannelLogout(request, (await params).provider);
/** POST /auth/logout, with the app's sign-out hooks: `export const POST = logoutRoute(hooks)`. */
export function logoutRoute(hooks: AuthHooks = {}): (request: NextRequest) => Promise<Response> {
  return (request) => logout(request, hooks);
}
/** GET /auth/session */
export const handleSession = (request: NextRequest): Promise<Response> => sessionInfo(request);
/** GET /auth/refresh?returnTo=/path */
export const handleRefresh = (request: NextRequest): Promise<Response> => refreshAndReturn(request);
/** GET /auth/jwks: the app's public signing keys, for providers that register its private_key_jwt keys by URL. */
export const handleJwks = async (): Promise<Response> => appJwks();
/** GET /health: 200 while this instance can serve, 503 while its session store cannot answer. */
export const handleHealth = (): Promise<Response> => healthCheck();
