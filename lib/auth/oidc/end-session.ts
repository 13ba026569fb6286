import 'server-only';
import * as client from 'openid-client';
import type { Env, ProviderConfig } from '../config';
import { configurationFor } from './configuration';
import { traced } from '../observe/trace';

/** RFC 7009: revoking the refresh token ends the grant at the provider. A no-op without an endpoint. */
export async function revokeRefreshToken(provider: ProviderConfig, env: Env, refreshToken: string): Promise<boolean> {
  const config = await configurationFor(provider, env);
  if (!config.serverMetadata().revocation_endpoint) return false;
  await traced('oidc.revocation', { 'oidc.provider': provider.id }, () => client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' }));
  return true;
}

/** OIDC RP-Initiated Logout 1.0 section 2; undefined when the provider has no end_session_endpoint. */
export async function endSessionUrl(provider: ProviderConfig, env: Env, idTokenHint: string | undefined, state: string): Promise<URL | undefined> {
  const config = await configurationFor(provider, env);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, {
    post_logout_redirect_uri: `${env.APP_URL}/`,
    state,
    ...(idTokenHint ? { id_token_hint: idTokenHint } : { client_id: provider.clientId }),
  });
}
