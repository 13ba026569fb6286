import 'server-only';
import type { NextRequest } from 'next/server';
import { env, findProvider } from '../config';
import { nowSeconds, preciseSeconds } from '../clock';
import { checkAccountPolicy, authorizationRequest, classifyError, exchangeCode } from '../oidc';
import { AuthError } from '../errors';
import { safeReturnTo } from '../http';
import { appUrl, errorRedirect, redirectResponse } from './responses';
import { sessionCookieWrites, consumeTransaction, transactionCookieWrites } from '../session';
import { newSession } from '../lifecycle';

/** GET /auth/login/[provider]?returnTo=/path: start a transaction and send the browser to the provider. */
export async function startLogin(request: NextRequest, providerId: string): Promise<Response> {
  const config = env();
  const provider = findProvider(config, providerId);
  if (!provider) return errorRedirect(config, 'unknown_provider');
  try {
    const authorization = await authorizationRequest(provider, config);
    const writes = await transactionCookieWrites(
      {
        v: 1,
        provider: provider.id,
        state: authorization.state,
        nonce: authorization.nonce,
        codeVerifier: authorization.codeVerifier,
        returnTo: safeReturnTo(request.nextUrl.searchParams.get('returnTo'), config.APP_URL),
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
    const tokens = await exchangeCode(provider, config, callbackUrl, transaction);
    checkAccountPolicy(provider, tokens.idTokenClaims);
    const session = newSession(provider, tokens, config, now, preciseSeconds());
    return redirectResponse(appUrl(config, transaction.returnTo), [...writes, ...(await sessionCookieWrites(session, request.cookies, config, now))]);
  } catch (error) {
    const { code, oauthError } = classifyError(error);
    console.warn(`[auth] callback for ${providerId} failed: ${code}${oauthError ? ` (${oauthError})` : ''}`, error instanceof Error ? error.message : error);
    return errorRedirect(config, code, writes);
  }
}
