import 'server-only';
import type { Env } from '../env';

/** A provider is plain data: everything the flows need to know about one OpenID Provider. */
export interface ProviderConfig {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Least privilege: only what the app shows. Keycloak issues refresh tokens without offline_access. */
  scope: string;
}

export function configuredProviders(env: Env): ProviderConfig[] {
  const providers: ProviderConfig[] = [];
  if (env.KEYCLOAK_ISSUER && env.KEYCLOAK_CLIENT_ID && env.KEYCLOAK_CLIENT_SECRET) {
    providers.push({
      id: 'keycloak',
      label: 'Keycloak',
      issuer: env.KEYCLOAK_ISSUER,
      clientId: env.KEYCLOAK_CLIENT_ID,
      clientSecret: env.KEYCLOAK_CLIENT_SECRET,
      scope: 'openid profile email',
    });
  }
  return providers;
}

export function findProvider(env: Env, id: string): ProviderConfig | undefined {
  return configuredProviders(env).find((provider) => provider.id === id);
}

/** RFC 6749 3.1.2: the redirect URI is built from configuration, never from the request's Host. */
export function redirectUri(env: Env, provider: ProviderConfig): string {
  return `${env.APP_URL}/auth/callback/${provider.id}`;
}
