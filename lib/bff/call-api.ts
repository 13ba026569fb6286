import 'server-only';
import { classifyError } from '../auth/oidc/client';
import { findProvider } from '../auth/config/providers';
import type { Session } from '../auth/session/session';
import type { Env } from '../auth/config/env';
import { exchangedToken, serviceToken } from './api-tokens';
import { API_TOKEN_PROVIDER, DOWNSTREAM_APIS, type DownstreamApiName, type TokenSource } from './downstream-apis';
import { fetchDownstream, type DownstreamResult } from './downstream';

/** The access token `source` names, obtained on the server; it never leaves it. */
async function tokenFor(source: TokenSource, session: Session, env: Env): Promise<string | DownstreamResult> {
  const trusted = findProvider(env, API_TOKEN_PROVIDER);
  if (!trusted) return { status: 503, body: { error: 'api_not_configured' } };
  if (source.kind === 'service') return serviceToken(trusted, env, source);
  const own = findProvider(env, session.provider);
  if (own?.issuer !== trusted.issuer) return { status: 403, body: { error: 'provider_not_accepted' } };
  return source.kind === 'user' ? session.tokens.accessToken : exchangedToken(own, env, session.tokens.accessToken, source);
}

/**
 * Calls one downstream API for the signed-in user and passes its status and JSON through. A
 * provider that cannot issue the token answers 503 when it is down and 502 when it refuses.
 */
export async function callApi(name: DownstreamApiName, session: Session, env: Env): Promise<DownstreamResult> {
  if (!env.DEMO_API_URL) return { status: 503, body: { error: 'api_not_configured' } };
  const api = DOWNSTREAM_APIS[name];
  let token: string | DownstreamResult;
  try {
    token = await tokenFor(api.token, session, env);
  } catch (error) {
    const { code, oauthError, transient } = classifyError(error);
    console.warn(`[bff] ${api.token.kind} token for ${name} failed: ${code}${oauthError ? ` (${oauthError})` : ''}`);
    return transient ? { status: 503, body: { error: 'provider_unavailable' } } : { status: 502, body: { error: 'token_request_refused' } };
  }
  if (typeof token !== 'string') return token;
  return fetchDownstream(`${env.DEMO_API_URL}${api.path}`, token, env.PROVIDER_TIMEOUT * 1000);
}
