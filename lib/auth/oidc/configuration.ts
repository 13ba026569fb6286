import 'server-only';
import * as client from 'openid-client';
import { isLoopbackHost } from '../http';
import { processSingleton } from '../process-singleton';
import type { ClientKey, ProviderConfig } from '../config';
import { AuthError } from '../errors';
import { limitedFetch } from './limited-fetch';
import { traced } from '../observe/trace';
import type { ProviderEnv } from './types';

/**
 * Discovery runs once per provider and server process, and its result (plain metadata) is
 * shared by every Next bundle through lib/process-singleton.ts. Each bundle builds its own
 * Configuration from it: openid-client keeps a Configuration's internals in a module-private
 * WeakMap, so one bundle cannot use another bundle's instance, but building one costs no request.
 */
interface Discovery {
  metadata?: client.ServerMetadata;
  pending?: Promise<client.ServerMetadata>;
  failures?: { count: number; retryAt: number };
}
const discoveries = processSingleton('oidc-discovery', () => new Map<string, Discovery>());
const configurations = new Map<string, { metadata: client.ServerMetadata; config: client.Configuration }>();

/** After n failed discoveries in a row, wait 2^(n-1) s (at most a minute) before the next try. */
export function discoveryBackoffMs(failureCount: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failureCount - 1));
}

function discoveryKey(provider: ProviderConfig): string {
  return `${provider.id} ${provider.issuer} ${provider.clientId}`;
}

/**
 * A failed discovery is not cached for good: the next try comes after an exponential backoff,
 * and until then sign-in fails fast as provider_unavailable instead of every request waiting
 * on a provider that is down. Once discovered, the metadata serves for the life of the process.
 */
export async function metadataFor(provider: ProviderConfig, env: ProviderEnv): Promise<client.ServerMetadata> {
  const key = discoveryKey(provider);
  let state = discoveries.get(key);
  if (!state) discoveries.set(key, (state = {}));
  if (state.metadata) return state.metadata;
  const { failures } = state;
  if (failures && Date.now() < failures.retryAt) {
    throw new AuthError('provider_unavailable', `discovery of ${provider.id} is backing off after ${failures.count} failure(s)`);
  }
  const current = state;
  current.pending ??= discover(provider, env)
    .then(
      (config) => {
        current.metadata = config.serverMetadata();
        current.failures = undefined;
        return current.metadata;
      },
      (error: unknown) => {
        const count = (current.failures?.count ?? 0) + 1;
        current.failures = { count, retryAt: Date.now() + discoveryBackoffMs(count) };
        throw error;
      },
    )
    .finally(() => (current.pending = undefined));
  return current.pending;
}

function isInsecure(provider: ProviderConfig): boolean {
  return new URL(provider.issuer).protocol === 'http:';
}

// Imported once per bundle: CryptoKeys are platform objects, but the Map is this module's.
const signingKeys = new Map<string, Promise<CryptoKey>>();

/** The app's newest signing key as a non-extractable CryptoKey (RFC 7523 2.2 client assertions). */
function signingKey(key: ClientKey): Promise<CryptoKey> {
  let imported = signingKeys.get(key.kid);
  if (!imported) {
    const algorithm = key.alg === 'PS256' ? { name: 'RSA-PSS', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
    imported = crypto.subtle.importKey('jwk', key.privateJwk, algorithm, false, ['sign']);
    signingKeys.set(key.kid, imported);
  }
  return imported;
}

/**
 * How the app authenticates at the token endpoint (and for PAR, revocation, exchange): a shared
 * secret, or a JWT signed with its newest key (RFC 7523, private_key_jwt). A public client (the
 * device-login CLI) has no secret to keep: RFC 8628 3.1 allows `none`.
 */
async function clientAuth(provider: ProviderConfig, env: ProviderEnv): Promise<client.ClientAuth> {
  if (provider.clientAuth === 'private_key_jwt') {
    const newest = env.clientKeys[0];
    if (!newest) throw new AuthError('provider_error', 'private_key_jwt needs CLIENT_SIGNING_KEYS');
    return client.PrivateKeyJwt({ key: await signingKey(newest), kid: newest.kid });
  }
  return provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None();
}

/** Pin the ID token algorithm: otherwise it is taken from the provider's own metadata. */
function clientMetadata(provider: ProviderConfig): Partial<client.ClientMetadata> {
  return { id_token_signed_response_alg: provider.idTokenAlg };
}

async function discover(provider: ProviderConfig, env: ProviderEnv): Promise<client.Configuration> {
  const issuer = new URL(provider.issuer);
  if (isInsecure(provider) && !isLoopbackHost(issuer.hostname)) throw new AuthError('provider_error', `refusing plain http issuer ${issuer.origin}`);
  // Discover from the issuer, not the .well-known URL: only then does openid-client check that
  // the document's `issuer` equals the one configured (OIDC Discovery 1.0 section 4.3).
  const auth = await clientAuth(provider, env);
  return traced('oidc.discovery', { 'oidc.provider': provider.id }, () =>
    client.discovery(issuer, provider.clientId, clientMetadata(provider), auth, {
      timeout: env.PROVIDER_TIMEOUT,
      [client.customFetch]: limitedFetch,
      execute: isInsecure(provider) ? [client.allowInsecureRequests] : [],
    }),
  );
}

export async function configurationFor(provider: ProviderConfig, env: ProviderEnv): Promise<client.Configuration> {
  const key = discoveryKey(provider);
  const metadata = await metadataFor(provider, env);
  const built = configurations.get(key);
  if (built?.metadata === metadata) return built.config;
  const config = new client.Configuration(metadata, provider.clientId, clientMetadata(provider), await clientAuth(provider, env));
  config.timeout = env.PROVIDER_TIMEOUT;
  config[client.customFetch] = limitedFetch;
  if (isInsecure(provider)) client.allowInsecureRequests(config);
  configurations.set(key, { metadata, config });
  return config;
}

/** What a logout token is checked against: the issuer and its signing keys (from discovery). */
export async function providerKeys(provider: ProviderConfig, env: ProviderEnv): Promise<{ issuer: string; jwksUri: string }> {
  const metadata = await metadataFor(provider, env);
  if (!metadata.jwks_uri) throw new AuthError('invalid_response', `${provider.id} publishes no jwks_uri`);
  return { issuer: metadata.issuer, jwksUri: metadata.jwks_uri };
}
