import 'server-only';
import type { NextRequest } from 'next/server';
import { nowSeconds, preciseSeconds } from '../clock';
import { env, findProvider, type Env } from '../config';
import { AuthError } from '../errors';
import { isSignInRefused, type AuthHooks } from '../hooks';
import { newSession, recordEnded } from '../lifecycle';
import { audit } from '../observe/audit';
import { checkAccountPolicy, classifyError, exchangeCode, newDPoPKey } from '../oidc';
import { consumeTransaction, readSealedSession, sessionCookieWrites, sessionExpiresAt, type CookieReader } from '../session';
import { appUrl, errorRedirect, redirectResponse } from './responses';

/**
 * A new sign-in replaces the session this browser had (a step-up, another account): the old one
 * is ended, so a copy of its cookie does not outlive it (OWASP: renew the session on a change of
 * privilege). Best effort: the store being down must not block signing in.
 */
async function endPreviousSession(reader: CookieReader, config: Env, now: number): Promise<void> {
  const previous = await readSealedSession(reader, config, now);
  if (previous.status !== 'active') return;
  await recordEnded(config, { session: previous.session.id }, preciseSeconds(), sessionExpiresAt(previous.session, config) - now + 60).catch((error: unknown) => {
    console.warn(`[auth] the replaced session was not recorded as ended: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/**
 * GET /auth/callback/[provider]: finish the transaction. The transaction cookie is deleted on
 * every branch; only a fully verified response creates a session, and always a new one
 * (no fixation: nothing from cookies sent before sign-in survives). The app's onSignIn hook
 * runs last, after every check of the product, and may still refuse.
 */
export async function finishLogin(request: NextRequest, providerId: string, hooks: AuthHooks = {}): Promise<Response> {
  const config = env();
  const now = nowSeconds();
  const { transaction, writes } = await consumeTransaction(request.cookies, request.nextUrl.searchParams.get('state'), config, now);
  try {
    if (!transaction) {
      throw new AuthError('login_expired', 'no pending sign-in matches this callback (expired, replayed or started in another browser)');
    }
    const provider = findProvider(config, providerId);
    if (!provider || transaction.provider !== provider.id) throw new AuthError('invalid_callback', `callback for ${providerId} does not match the pending sign-in`);
    // The redirect_uri sent to the token endpoint is this URL without its query: build it from
    // APP_URL, as the authorization request did, never from the Host header.
    const callbackUrl = new URL(appUrl(config, `/auth/callback/${provider.id}${request.nextUrl.search}`));
    // RFC 9449: a key of this session's own, made now, to which the provider binds its tokens.
    const dpop = provider.dpop ? await newDPoPKey() : undefined;
    const tokens = await exchangeCode(provider, config, callbackUrl, transaction, dpop);
    checkAccountPolicy(provider, tokens.idTokenClaims);
    const session = newSession(provider, tokens, config, now, preciseSeconds(), dpop);
    try {
      await hooks.onSignIn?.({ provider: { id: provider.id, label: provider.label }, user: session.user, claims: Object.freeze({ ...tokens.idTokenClaims }) });
    } catch (error) {
      const reason = isSignInRefused(error) ? error.reason : undefined;
      if (!reason) console.warn(`[auth] onSignIn failed for ${provider.id}, sign-in refused: ${error instanceof Error ? error.message : String(error)}`);
      audit({ event: 'sign_in_refused', provider: provider.id, code: 'sign_in_refused', ...(reason && { reason }) });
      return errorRedirect(config, 'sign_in_refused', writes, reason);
    }
    await endPreviousSession(request.cookies, config, now);
    audit({ event: 'sign_in', provider: provider.id, sub: session.user.sub, ...(session.sid && { sid: session.sid }), ...(transaction.stepUp && { stepUp: true }) });
    return redirectResponse(appUrl(config, transaction.returnTo), [...writes, ...(await sessionCookieWrites(session, request.cookies, config, now))]);
  } catch (error) {
    const { code, oauthError } = classifyError(error);
    console.warn(`[auth] callback for ${providerId} failed: ${code}${oauthError ? ` (${oauthError})` : ''}`, error instanceof Error ? error.message : error);
    audit({ event: 'sign_in_refused', provider: providerId.slice(0, 40), code });
    return errorRedirect(config, code, writes);
  }
}
