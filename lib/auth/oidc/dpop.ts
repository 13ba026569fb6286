import 'server-only';
import * as client from 'openid-client';
import type { ProviderConfig } from '../config';
import { configurationFor } from './configuration';
import type { ProviderEnv } from './types';

/**
 * A session's DPoP key (RFC 9449): ES256, made at sign-in, kept only inside the sealed session
 * (never in the browser, never in the store), so the session's tokens are bound to it and a
 * stolen access token alone is refused by the APIs.
 */
export interface DPoPKey {
  /** A P-256 private JWK: kty, crv, x, y, d (about 180 bytes). */
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };
}

const CURVE = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export async function newDPoPKey(): Promise<DPoPKey> {
  const pair = await client.randomDPoPKeyPair('ES256', { extractable: true });
  const { x, y, d } = await crypto.subtle.exportKey('jwk', pair.privateKey);
  if (!x || !y || !d) throw new Error('the DPoP key could not be exported');
  return { jwk: { kty: 'EC', crv: 'P-256', x, y, d } };
}

/**
 * openid-client's DPoP handle for this key: it signs the proofs (htm, htu, iat, jti, and ath for
 * resource requests) and answers a `use_dpop_nonce` challenge with one retry (RFC 9449 8, 9).
 */
export async function dpopHandle(config: client.Configuration, key: DPoPKey): Promise<client.DPoPHandle> {
  const { kty, crv, x, y, d } = key.jwk;
  const privateKey = await crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, CURVE, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, CURVE, true, ['verify']);
  return client.getDPoPHandle(config, { privateKey, publicKey });
}

/**
 * A call to an API with a DPoP-bound access token: `Authorization: DPoP <token>` and a proof for
 * this method and URL. The API's answer comes back as it is, challenges included (a 401 with
 * WWW-Authenticate is the API's verdict, not an error here).
 */
export async function fetchWithDPoP(provider: ProviderConfig, env: ProviderEnv, accessToken: string, key: DPoPKey, url: string): Promise<Response> {
  const config = await configurationFor(provider, env);
  const headers = new Headers({ accept: 'application/json' });
  try {
    // Bounded by PROVIDER_TIMEOUT and the provider responses' size cap (configuration.ts), and
    // never follows a redirect: a token must not travel to wherever a Location points.
    return await client.fetchProtectedResource(config, accessToken, new URL(url), 'GET', undefined, headers, { DPoP: await dpopHandle(config, key) });
  } catch (error) {
    if (error instanceof client.WWWAuthenticateChallengeError) return error.response;
    throw error;
  }
}
