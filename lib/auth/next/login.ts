import 'server-only';
import type { NextRequest } from 'next/server';
import { env, findProvider } from '../config';
import { nowSeconds, preciseSeconds } from '../clock';
import { checkAccountPolicy, authorizationRequest, classifyError, exchangeCode, newDPoPKey } from '../oidc';
import { AuthError } from '../errors';
import { readStepUp, safeReturnTo } from '../http';
import { appUrl, errorRedirect, redirectResponse } from './responses';
import { sessionCookieWrites, consumeTransaction, readSealedSession, sessionExpiresAt, transactionCookieWrites, type CookieReader } from '../session';
import { newSession, recordEnded } from '../lifecycle';
import type { Env } from '../config';

/**
 * GET /auth/login/[provider]?returnTo=/path[&max_age=300][&acr=…]: start a transaction and send
 * the browser to the provider (max_age / acr: a step-up, checked again at the callback).
 */
export async function startLogin(request: NextRequest, providerId: string): Promise<Response> {
  const config = env();
  const provider = findProvider(config, providerId);
  if (!provider) return errorRedirect(config, 'unknown_provider');
  try {
    const stepUp = readStepUp(request.nextUrl.searchParams);
    const authorization = await authorizationRequest(provider, config, stepUp);
    const writes = await transactionCookieWrites(
      {
        v: 1,
        provider: provider.id,
        state: authorization.state,
        nonce: authorization.nonce,
        codeVerifier: authorization.codeVerifier,
        returnTo: safeReturnTo(request.nextUrl.searchParams.get('returnTo'), config.APP_URL),
        ...(stepUp && { stepUp }),
        createdAt: nowSeconds(),
      },
      request.cookies,
      config,
    );
    return redirectResponse(authorization.url, writes);
  } catch (error) {
    const { code } = classifyError(error);
    console.warn(`[auth] login could not start for ${provider.id}: ${code}`, error instanceof Error ? error.message : error);
    return errorRedirect(config, code);
  }
}

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
 * (no fixation: nothing from cookies sent before sign-in survives).
 */
export async function finishLogin(request: NextRequest, providerId: string): Promise<Response> {
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
    await endPreviousSession(request.cookies, config, now);
    return redirectResponse(appUrl(config, transaction.returnTo), [...writes, ...(await sessionCookieWrites(session, request.cookies, config, now))]);
  } catch (error) {
    const { code, oauthError } = classifyError(error);
    console.warn(`[auth] callback for ${providerId} failed: ${code}${oauthError ? ` (${oauthError})` : ''}`, error instanceof Error ? error.message : error);
    return errorRedirect(config, code, writes);
  }
}
