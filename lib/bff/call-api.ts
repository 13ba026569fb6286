import 'server-only';
import { findProvider, type Env } from '../auth/config';
import type { ApiErrorCode } from '../auth/errors';
import { classifyError } from '../auth/oidc';
import type { Session } from '../auth/session';
import { exchangedToken, serviceToken } from './api-tokens';
import type { ApiTable, TokenSource } from './api-table';
import { fetchDownstream, type DownstreamResult } from './downstream';

function refusal(status: number, error: ApiErrorCode): DownstreamResult {
  return { status, body: { error } };
}

/** The access token `source` names, obtained on the server; it never leaves it. */
async function tokenFor(source: TokenSource, table: ApiTable, session: Session, env: Env): Promise<string | DownstreamResult> {
  const trusted = findProvider(env, table.acceptsTokensOf);
  if (!trusted) return refusal(503, 'api_not_configured');
  if (source.kind === 'service') return serviceToken(trusted, env, source);
  const own = findProvider(env, session.provider);
  if (own?.issuer !== trusted.issuer) return refusal(403, 'provider_not_accepted');
  return source.kind === 'user' ? session.tokens.accessToken : exchangedToken(own, env, session.tokens.accessToken, source);
}

/**
 * Calls one downstream API of the table for the signed-in person and passes its status and JSON
 * through. A provider that cannot issue the token answers 503 when it is down and 502 when it
 * refuses.
 */
export async function callApi<Name extends string>(table: ApiTable<Name>, name: Name, session: Session, env: Env): Promise<DownstreamResult> {
  if (!table.baseUrl) return refusal(503, 'api_not_configured');
  const api = table.apis[name];
  let token: string | DownstreamResult;
  try {
    token = await tokenFor(api.token, table, session, env);
  } catch (error) {
    const { code, oauthError, transient } = classifyError(error);
    console.warn(`[bff] ${api.token.kind} token for ${name} failed: ${code}${oauthError ? ` (${oauthError})` : ''}`);
    return transient ? refusal(503, 'provider_unavailable') : refusal(502, 'token_request_refused');
  }
  if (typeof token !== 'string') return token;
  return fetchDownstream(`${table.baseUrl}${api.path}`, token, env.PROVIDER_TIMEOUT * 1000);
}
