import 'server-only';
import type { NextRequest } from 'next/server';
import { env, type Env } from '../env';
import { nowSeconds, preciseSeconds } from './clock';
import { LOGOUT_STATE_COOKIE, cookieName, cookieOptions, type CookieReader } from './cookies';
import { classifyError, endSessionUrl, randomState, revokeRefreshToken } from './oidc';
import { findProvider } from './providers';
import { appUrl, jsonResponse, redirectResponse } from './responses';
import { isSameOriginRequest } from './same-origin';
import { recordLogout } from './revocation-list';
import { clearSessionWrites, isSecure, readSession } from './session';

/** How long the provider has to send the person back after RP-initiated logout. */
const LOGOUT_STATE_TTL = 600;

function logoutStateCookie(config: Env): string {
  return cookieName(LOGOUT_STATE_COOKIE, isSecure(config));
}

/** The `state` sent with the last RP-initiated logout from this browser, to check on its return. */
export function sentLogoutState(reader: CookieReader, config: Env): string | undefined {
  return reader.get(logoutStateCookie(config))?.value;
}

/**
 * POST /auth/logout: clear the session here, revoke the refresh token (RFC 7009), then send the
 * browser to the provider's end_session_endpoint (OIDC RP-Initiated Logout 1.0) when it has
 * one, with a `state` the home page checks on the way back. Neither provider call can keep a
 * person signed in: failures are logged and skipped. With the form field `scope=everywhere`,
 * every session of this person in this app ends too, on every instance.
 */
export async function logout(request: NextRequest): Promise<Response> {
  const config = env();
  if (!isSameOriginRequest(request.headers, config.APP_URL)) {
    return jsonResponse({ error: 'cross_site_request' }, 403);
  }
  const now = nowSeconds();
  const state = await readSession(request.cookies, config, now);
  const writes = clearSessionWrites(request.cookies, config);
  const everywhere = (await request.formData().catch(() => undefined))?.get('scope') === 'everywhere';
  let location: string | URL = appUrl(config, '/');
  const session = state.status === 'active' ? state.session : undefined;
  const provider = session && findProvider(config, session.provider);
  if (session && everywhere) await recordLogout(config, session.provider, { sub: session.user.sub }, preciseSeconds());
  if (session && provider) {
    const { refreshToken, idToken } = session.tokens;
    try {
      if (refreshToken) await revokeRefreshToken(provider, config, refreshToken);
    } catch (error) {
      console.warn(`[auth] revocation at ${provider.id} failed: ${classifyError(error).code}`);
    }
    try {
      const logoutState = randomState();
      const url = provider.logoutAtProvider ? await endSessionUrl(provider, config, idToken, logoutState) : undefined;
      if (url) {
        location = url;
        writes.push({ name: logoutStateCookie(config), value: logoutState, options: cookieOptions(isSecure(config), LOGOUT_STATE_TTL) });
      }
    } catch (error) {
      console.warn(`[auth] end-session URL for ${provider.id} unavailable: ${classifyError(error).code}`);
    }
  }
  return redirectResponse(location, writes);
}
