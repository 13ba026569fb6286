import 'server-only';
import type { Env } from './env';

/** How a provider's tokens name a person's roles. */
export type RoleSource = 'keycloak' | 'none';

/** A provider is plain data: everything the flows need to know about one OpenID Provider. */
export interface ProviderConfig {
  id: 'keycloak' | 'google' | 'oidc';
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Least privilege: what the app shows, plus what refresh needs at this provider. */
  scope: string;
  /** Extra authorization request parameters. */
  authorizationParams: Record<string, string>;
  roles: RoleSource;
  /** Sign out at the provider (RP-Initiated Logout) when it has an end_session_endpoint. */
  logoutAtProvider: boolean;
  /** Refuse sign-in unless the verified ID token says `email_verified: true`. */
  requireVerifiedEmail: boolean;
  /** Only accounts whose verified ID token carries this `hd` (Google Workspace domain). */
  hostedDomain?: string;
  /** Audiences besides clientId an ID token may name (OIDC Core 3.1.3.7 step 3); empty by default. */
  trustedAudiences: readonly string[];
}

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** The presets, in the order their buttons appear. Each returns undefined unless fully configured. */
const PRESETS: ((env: Env) => ProviderConfig | undefined)[] = [
  (env) =>
    env.KEYCLOAK_ISSUER && env.KEYCLOAK_CLIENT_ID && env.KEYCLOAK_CLIENT_SECRET
      ? {
          id: 'keycloak',
          label: 'Keycloak',
          issuer: env.KEYCLOAK_ISSUER,
          clientId: env.KEYCLOAK_CLIENT_ID,
          clientSecret: env.KEYCLOAK_CLIENT_SECRET,
          // Keycloak issues a refresh token on every code grant; offline_access would make it an
          // offline token that outlives the SSO session, which a browser session does not need.
          scope: 'openid profile email',
          authorizationParams: {},
          roles: 'keycloak',
          logoutAtProvider: true,
          requireVerifiedEmail: false,
          trustedAudiences: env.KEYCLOAK_TRUSTED_AUDIENCES,
        }
      : undefined,
  (env) =>
    env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
      ? {
          id: 'google',
          label: 'Google',
          issuer: env.GOOGLE_ISSUER ?? GOOGLE_ISSUER,
          clientId: env.GOOGLE_CLIENT_ID,
          clientSecret: env.GOOGLE_CLIENT_SECRET,
          scope: 'openid profile email',
          // Google issues a refresh token only for access_type=offline, and only with a consent
          // screen when the person granted access before.
          authorizationParams: { access_type: 'offline', prompt: 'consent', ...(env.GOOGLE_HOSTED_DOMAIN && { hd: env.GOOGLE_HOSTED_DOMAIN }) },
          roles: 'none',
          // Google has no end_session_endpoint: sign-out is local plus revocation.
          logoutAtProvider: false,
          requireVerifiedEmail: true,
          hostedDomain: env.GOOGLE_HOSTED_DOMAIN,
          trustedAudiences: env.GOOGLE_TRUSTED_AUDIENCES,
        }
      : undefined,
  (env) =>
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? {
          id: 'oidc',
          label: env.OIDC_NAME ?? 'Single sign-on',
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          // OIDC Core 11: offline_access is the standard request for a refresh token.
          scope: 'openid profile email offline_access',
          authorizationParams: {},
          // Keycloak-shaped role claims are read when present, and simply absent elsewhere.
          roles: 'keycloak',
          logoutAtProvider: true,
          requireVerifiedEmail: false,
          trustedAudiences: env.OIDC_TRUSTED_AUDIENCES,
        }
      : undefined,
];

export function configuredProviders(env: Env): ProviderConfig[] {
  return PRESETS.map((preset) => preset(env)).filter((provider): provider is ProviderConfig => provider !== undefined);
}

export function findProvider(env: Env, id: string): ProviderConfig | undefined {
  return configuredProviders(env).find((provider) => provider.id === id);
}

/** RFC 6749 3.1.2: the redirect URI is built from configuration, never from the request's Host. */
export function redirectUri(env: Env, provider: ProviderConfig): string {
  return `${env.APP_URL}/auth/callback/${provider.id}`;
}
