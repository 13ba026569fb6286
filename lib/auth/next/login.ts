import 'server-only';
import type { NextRequest } from 'next/server';
import { env, findProvider } from '../config';
import { nowSeconds } from '../clock';
import { authorizationRequest, classifyError } from '../oidc';
import { readStepUp, safeReturnTo } from '../http';
import { errorRedirect, redirectResponse } from './responses';
import { transactionCookieWrites } from '../session';

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
