import 'server-only';
import type { NextRequest } from 'next/server';
import { env, type Env, findProvider } from '../config';
import { nowSeconds, preciseSeconds } from '../clock';
import { LOGOUT_STATE_COOKIE, clearSessionWrites, cookieName, cookieOptions, forgetSession, handleSessionId, isSecureOrigin, readSealedSession, sessionExpiresAt, type CookieReader, type Session } from '../session';
import { classifyError, endSessionUrl, randomState, revokeRefreshToken } from '../oidc';
import { readFormBody, isSameOriginRequest } from '../http';
import type { AuthHooks } from '../hooks';
import { audit } from '../observe/audit';
import { appUrl, jsonError, redirectResponse } from './responses';
import { readSession, recordEnded, type Ended } from '../lifecycle';

/** How long the provider has to send the person back after RP-initiated logout. */
const LOGOUT_STATE_TTL = 600;
/** The sign-out form has one short field; nothing legitimate comes near this. */
const MAX_FORM_BYTES = 1024;

/**
 * Records what this sign-out ends: always this session (a copy of its cookie is refused from now
 * on, until the session could have ended anyway), and with "everywhere" every session of this
 * person at this issuer. A store outage does not keep anyone signed in: the cookies are cleared
 * and the provider grant revoked regardless; the record is kept in memory until the store is back.
 */
async function recordSignOut(config: Env, session: Session, everywhere: boolean, now: number): Promise<void> {
  const entries: [Ended, number][] = [[{ session: session.id }, sessionExpiresAt(session, config) - now + 60]];
  if (everywhere) entries.push([{ issuer: session.issuer, sub: session.user.sub }, config.SESSION_ABSOLUTE_LIFETIME]);
  await recordEntries(config, entries);
  // A server-side session's data goes now; its handle is refused by the record above anyway.
  if (config.SESSION_STORAGE === 'server') await forgetSession(config, session.id).catch(() => undefined);
}

async function recordEntries(config: Env, entries: [Ended, number][]): Promise<void> {
  const at = preciseSeconds();
  for (const [ended, ttl] of entries) {
    await recordEnded(config, ended, at, ttl).catch((error: unknown) => {
      console.warn(`[auth] sign-out not yet recorded in the store: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

function logoutStateCookie(config: Env): string {
  return cookieName(LOGOUT_STATE_COOKIE, isSecureOrigin(config.APP_URL));
}

/** The `state` sent with the last RP-initiated logout from this browser, to check on its return. */
export function sentLogoutState(reader: CookieReader, config: Env): string | undefined {
  return reader.get(logoutStateCookie(config))?.value;
}

/**
 * The session this sign-out ends. One that was already ended is not acted on again (a copied
 * cookie of it must not sign the person out everywhere). One the store cannot vouch for right
 * now is ended all the same: signing out must work while the store is down. A server-side
 * session the store cannot even hand over is known by its handle alone: its id comes back.
 */
async function sessionToEnd(reader: CookieReader, config: Env, now: number): Promise<{ session: Session } | { id: string } | undefined> {
  const state = await readSession(reader, config, now);
  if (state.status === 'active') return { session: state.session };
  if (state.status !== 'unavailable') return undefined;
  const sealed = await readSealedSession(reader, config, now);
  if (sealed.status === 'active') return { session: sealed.session };
  const id = sealed.status === 'unavailable' ? handleSessionId(reader, config) : undefined;
  return id ? { id } : undefined;
}

/**
 * POST /auth/logout: clear the session here, revoke the refresh token (RFC 7009), then send the
 * browser to the provider's end_session_endpoint (OIDC RP-Initiated Logout 1.0) when it has
 * one, with a `state` the home page checks on the way back. Neither provider call can keep a
 * person signed in: failures are logged and skipped. With the form field `scope=everywhere`,
 * every session of this person in this app ends too, on every instance.
 */
export async function logout(request: NextRequest, hooks: AuthHooks = {}): Promise<Response> {
  const config = env();
  if (!isSameOriginRequest(request.headers, config.APP_URL)) {
    return jsonError('cross_site_request', 403);
  }
  const form = await readFormBody(request, MAX_FORM_BYTES);
  if (form === 'too_large') return jsonError('payload_too_large', 413);
  const now = nowSeconds();
  const writes = clearSessionWrites(request.cookies, config);
  const everywhere = form.get('scope') === 'everywhere';
  let location: string | URL = appUrl(config, '/');
  const ending = await sessionToEnd(request.cookies, config, now);
  const session = ending && 'session' in ending ? ending.session : undefined;
  const provider = session && findProvider(config, session.provider);
  if (ending && 'id' in ending) {
    // SESSION_STORAGE=server, store down: the session's data, refresh token included, is out of
    // reach, so neither the provider nor the hooks hear of it. Its id is recorded as ended (in
    // this process's memory until the store answers, a bounded map: revocation-list.ts), else a
    // copy of the cookie would open the session again once the store is back with its data. For
    // as long as any session can live: its own lifetimes are in the data too.
    await recordEntries(config, [[{ session: ending.id }, config.SESSION_ABSOLUTE_LIFETIME + 60]]);
  }
  if (session) {
    await recordSignOut(config, session, everywhere, now);
    audit({ event: 'sign_out', provider: session.provider, sub: session.user.sub, everywhere });
    try {
      await hooks.onSignOut?.({ provider: { id: session.provider, label: provider?.label ?? session.provider }, user: session.user, everywhere });
    } catch (error) {
      console.warn(`[auth] onSignOut failed (the sign-out went ahead): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
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
        writes.push({ name: logoutStateCookie(config), value: logoutState, options: cookieOptions(isSecureOrigin(config.APP_URL), LOGOUT_STATE_TTL) });
      }
    } catch (error) {
      console.warn(`[auth] end-session URL for ${provider.id} unavailable: ${classifyError(error).code}`);
    }
  }
  return redirectResponse(location, writes);
}
