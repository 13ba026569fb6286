import 'server-only';
import { env as appEnv, findProvider, type Env } from '../auth/config';
import { classifyError, fetchWithDPoP } from '../auth/oidc';
import type { Session } from '../auth/session';
import { exchangedToken, serviceToken } from './api-tokens';
import type { ApiTable, TokenSource } from './api-table';
import { callDownstream, failure as refusal, fetchDownstream, type DownstreamResult } from './downstream';
import { stepUpFromChallenge } from './step-up';

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
  const url = `${table.baseUrl}${api.path}`;
  // The person's own DPoP-bound token goes with a proof of the session's key (RFC 9449 7).
  const own = findProvider(env, session.provider);
  const dpop = api.token.kind === 'user' && session.tokens.type === 'DPoP' ? session.dpop : undefined;
  const result =
    dpop && own
      ? await callDownstream(() => fetchWithDPoP(own, env, token, { jwk: dpop }, url))
      : await fetchDownstream(url, token, env.PROVIDER_TIMEOUT * 1000);
  return stepUpFromChallenge(result, session.provider) ?? { status: result.status, body: result.body };
}

/** For server components: the same call, with the app's own configuration. */
export function callApiForSession<Name extends string>(table: ApiTable<Name>, name: Name, session: Session): Promise<DownstreamResult> {
  return callApi(table, name, session, appEnv());
}
