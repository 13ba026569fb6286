import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '../env';
import { nowSeconds } from './clock';
import { classifyError, endSessionUrl, revokeRefreshToken } from './oidc';
import { findProvider } from './providers';
import { appUrl, jsonResponse, redirectResponse } from './responses';
import { isSameOriginRequest } from './same-origin';
import { clearSessionWrites, readSession } from './session';

/**
 * POST /auth/logout: clear the session here, revoke the refresh token (RFC 7009), then send the
 * browser to the provider's end_session_endpoint (OIDC RP-Initiated Logout 1.0) when it has
 * one. Neither provider call can keep a person signed in: failures are logged and skipped.
 */
export async function logout(request: NextRequest): Promise<Response> {
  const config = env();
  if (!isSameOriginRequest(request.headers, config.APP_URL)) {
    return jsonResponse({ error: 'cross_site_request' }, 403);
  }
  const state = await readSession(request.cookies, config, nowSeconds());
  const writes = clearSessionWrites(request.cookies, config);
  let location: string | URL = appUrl(config, '/');
  const session = state.status === 'active' ? state.session : undefined;
  const provider = session && findProvider(config, session.provider);
  if (session && provider) {
    const { refreshToken, idToken } = session.tokens;
    try {
      if (refreshToken) await revokeRefreshToken(provider, config, refreshToken);
    } catch (error) {
      console.warn(`[auth] revocation at ${provider.id} failed: ${classifyError(error).code}`);
    }
    try {
      if (provider.logoutAtProvider) location = (await endSessionUrl(provider, config, idToken)) ?? location;
    } catch (error) {
      console.warn(`[auth] end-session URL for ${provider.id} unavailable: ${classifyError(error).code}`);
    }
  }
  return redirectResponse(location, writes);
}
