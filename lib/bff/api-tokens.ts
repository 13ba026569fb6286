import 'server-only';
import { createHash } from 'node:crypto';
import { clientCredentialsGrant, exchangeToken, newDPoPKey, type DPoPKey } from '../auth/oidc';
import type { ProviderConfig, Env } from '../auth/config';
import { processSingleton } from '../auth/process-singleton';
import { TokenCache } from './token-cache';

/**
 * One cache per server process, shared by every route handler bundle. Tokens stay in memory
 * and never reach a cookie or the browser. With several instances each keeps its own: a
 * service token costs one request per instance per lifetime, which needs no shared store.
 */
const cache = () => processSingleton('api-token-cache', () => new TokenCache<ApiToken>({ maxEntries: 1000 }));

/** A token for an API and, when the provider bound it to a key (RFC 9449), that key: its proofs go with it. */
export interface ApiToken {
  value: string;
  dpop?: DPoPKey;
}

/**
 * The app's own DPoP key for its service tokens: one per server process, in memory only, made
 * when a provider first needs it. Service tokens are cached per process too, so each stays with
 * the key it is bound to.
 */
const serviceKey = () => processSingleton('service-dpop-key', () => newDPoPKey());

/** The app's own token for an API (client credentials), cached until shortly before it expires. */
export function serviceToken(provider: ProviderConfig, env: Env, request: { resource: string; scope: string }): Promise<ApiToken> {
  return cache().get(`service ${provider.id} ${request.resource} ${request.scope}`, async () => {
    const dpop = provider.dpop ? await serviceKey() : undefined;
    const tokens = await clientCredentialsGrant(provider, env, request, dpop);
    return { value: { value: tokens.accessToken, dpop }, expiresIn: tokens.expiresIn };
  });
}

/**
 * The user's access token exchanged for `audience` (RFC 8693), cached per subject token: a page
 * that calls the second API several times exchanges once. The key is a hash, so the cache holds
 * no usable copy of the user's token. A DPoP session's exchanged token is bound to its key.
 */
export function exchangedToken(provider: ProviderConfig, env: Env, subjectToken: string, request: { audience: string; scope: string }, dpop?: DPoPKey): Promise<ApiToken> {
  const subject = createHash('sha256').update(subjectToken).digest('base64url');
  return cache().get(`exchange ${provider.id} ${subject} ${request.audience} ${request.scope}`, async () => {
    const tokens = await exchangeToken(provider, env, subjectToken, request, dpop);
    return { value: { value: tokens.accessToken, dpop }, expiresIn: tokens.expiresIn };
  });
}
