import 'server-only';
import { env as appEnv, findProvider, type Env, type ProviderConfig } from '../auth/config';
import { classifyError, fetchWithDPoP } from '../auth/oidc';
import type { Session } from '../auth/session';
import { exchangedToken, serviceToken, type ApiToken } from './api-tokens';
import type { ApiTable, TokenSource } from './api-table';
import { callDownstream, failure as refusal, fetchDownstream, type DownstreamResult } from './downstream';
import { stepUpFromChallenge } from './step-up';

/** The access token `source` names, obtained on the server, with the provider that issued it; it never leaves the server. */
async function tokenFor(source: TokenSource, table: ApiTable, session: Session, env: Env): Promise<(ApiToken & { issuer: ProviderConfig }) | DownstreamResult> {
  const trusted = findProvider(env, table.acceptsTokensOf);
  if (!trusted) return refusal(503, 'api_not_configured');
  if (source.kind === 'service') return { ...(await serviceToken(trusted, env, source)), issuer: trusted };
  const own = findProvider(env, session.provider);
  if (!own || own.issuer !== trusted.issuer) return refusal(403, 'provider_not_accepted');
  // The session's DPoP key: its own token is bound to it, and so is a token exchanged for it (RFC 9449).
  const dpop = session.tokens.type === 'DPoP' && session.dpop ? { jwk: session.dpop } : undefined;
  if (source.kind === 'user') return { value: session.tokens.accessToken, dpop, issuer: own };
  return { ...(await exchangedToken(own, env, session.tokens.accessToken, source, dpop)), issuer: own };
}

/**
 * Calls one downstream API of the table for the signed-in person and passes its status and JSON
 * through. A provider that cannot issue the token answers 503 when it is down and 502 when it
 * refuses.
 */
export async function callApi<Name extends string>(table: ApiTable<Name>, name: Name, session: Session, env: Env): Promise<DownstreamResult> {
  if (!table.baseUrl) return refusal(503, 'api_not_configured');
  const api = table.apis[name];
  let token: (ApiToken & { issuer: ProviderConfig }) | DownstreamResult;
  try {
    token = await tokenFor(api.token, table, session, env);
  } catch (error) {
    const { code, oauthError, transient } = classifyError(error);
    console.warn(`[bff] ${api.token.kind} token for ${name} failed: ${code}${oauthError ? ` (${oauthError})` : ''}`);
    return transient ? refusal(503, 'provider_unavailable') : refusal(502, 'token_request_refused');
  }
  if (!('value' in token)) return token;
  const url = `${table.baseUrl}${api.path}`;
  // A DPoP-bound token goes with a proof of the key it is bound to (RFC 9449 7).
  const { value, dpop, issuer } = token;
  const result = dpop ? await callDownstream(() => fetchWithDPoP(issuer, env, value, dpop, url)) : await fetchDownstream(url, value, env.PROVIDER_TIMEOUT * 1000);
  return stepUpFromChallenge(result, session.provider) ?? { status: result.status, body: result.body };
}

/** For server components: the same call, with the app's own configuration. */
export function callApiForSession<Name extends string>(table: ApiTable<Name>, name: Name, session: Session): Promise<DownstreamResult> {
  return callApi(table, name, session, appEnv());
}
