import 'server-only';
import { z } from 'zod';
import { isLoopbackHost } from '../http';
import type { ClientKey } from './client-keys';

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt' | 'none';
export type IdTokenAlg = 'RS256' | 'PS256' | 'ES256';

/** A provider is plain data: everything the flows need to know about one OpenID Provider. */
export interface ProviderConfig {
  /** In routes (/auth/login/<id>) and sessions. */
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  /** For client_secret_basic; a private_key_jwt or public client has none. */
  clientSecret?: string;
  /** Least privilege: what the app shows, plus what refresh needs at this provider. */
  scope: string;
  /** Extra authorization request parameters. */
  authorizationParams: Record<string, string>;
  /**
   * Where the person's roles are: claim paths, read from the access token when it is a JWT
   * carrying them, else from the ID token. `{clientId}` stands for this client's id. Empty: none.
   */
  rolesClaims: readonly string[];
  /** Sign out at the provider (RP-Initiated Logout) when it has an end_session_endpoint. */
  logoutAtProvider: boolean;
  /** Refuse sign-in unless the verified ID token says `email_verified: true`. */
  requireVerifiedEmail: boolean;
  /** Only accounts whose verified ID token carries this `hd` (Google Workspace domain). */
  hostedDomain?: string;
  /** Audiences besides clientId an ID token may name (OIDC Core 3.1.3.7 step 3); empty by default. */
  trustedAudiences: readonly string[];
  /** `high-security`: PAR, private_key_jwt, DPoP and a PS256/ES256 ID token (FAPI 2.0's building blocks). */
  profile: 'standard' | 'high-security';
  clientAuth: ClientAuthMethod;
  /** Always push the authorization request (RFC 9126); without it, only when the provider requires it. */
  par: boolean;
  /** Sender-constrained tokens (RFC 9449) for the person's session. */
  dpop: boolean;
  /** The one algorithm an ID token may be signed with. */
  idTokenAlg: IdTokenAlg;
}

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** Keycloak's shape: realm roles, and this client's roles. */
const KEYCLOAK_ROLES = ['realm_access.roles', 'resource_access.{clientId}.roles'];

type Source = Record<string, string | undefined>;

const text = z.string().trim().min(1);
const list = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const issuerUrl = z
  .url()
  .refine((value) => new URL(value).protocol === 'https:' || (new URL(value).protocol === 'http:' && isLoopbackHost(new URL(value).hostname)), 'must be https (http is allowed only for localhost / 127.0.0.1 / [::1])')
  .refine((value) => !new URL(value).search && !new URL(value).hash, 'must not have a query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const Variables = z.object({
  ISSUER: issuerUrl,
  CLIENT_ID: text,
  CLIENT_SECRET: text.optional(),
  NAME: z.string().trim().min(1).max(40).optional(),
  TRUSTED_AUDIENCES: list.optional(),
  ROLES_CLAIM: list.optional(),
  PROFILE: z.enum(['standard', 'high-security']).default('standard'),
  CLIENT_AUTH: z.enum(['client_secret_basic', 'private_key_jwt']).optional(),
  PAR: flag.optional(),
  DPOP: flag.optional(),
  ID_TOKEN_ALG: z.enum(['RS256', 'PS256', 'ES256']).optional(),
});
const NAMES = Object.keys(Variables.shape) as (keyof typeof Variables.shape)[];

interface Preset {
  id: string;
  prefix: string;
  label: string;
  scope: string;
  rolesClaims: readonly string[];
}

const GENERIC_SCOPE = 'openid profile email offline_access';

/** The generic providers: OIDC_* as `oidc`, and one OIDC_<ID>_* group per id in OIDC_PROVIDERS. */
function genericPresets(source: Source, problems: string[]): Preset[] {
  const presets: Preset[] = [{ id: 'oidc', prefix: 'OIDC_', label: 'Single sign-on', scope: GENERIC_SCOPE, rolesClaims: KEYCLOAK_ROLES }];
  for (const id of (source.OIDC_PROVIDERS ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(id) || ['keycloak', 'google', 'oidc'].includes(id)) {
      problems.push(`OIDC_PROVIDERS: "${id}" must be lowercase letters, digits and dashes, and not keycloak, google or oidc`);
      continue;
    }
    presets.push({ id, prefix: `OIDC_${id.toUpperCase().replace(/-/g, '_')}_`, label: id, scope: GENERIC_SCOPE, rolesClaims: KEYCLOAK_ROLES });
  }
  return presets;
}

/** One prefixed group of variables as a provider; undefined when the group is not used. */
function fromVariables(source: Source, preset: Preset, keys: ClientKey[], problems: string[], required: boolean): ProviderConfig | undefined {
  const raw = Object.fromEntries(NAMES.map((name) => [name, source[`${preset.prefix}${name}`]]));
  if (!required && !raw.ISSUER && !raw.CLIENT_ID && !raw.CLIENT_SECRET) {
    const stray = NAMES.filter((name) => raw[name] !== undefined);
    if (stray.length > 0) problems.push(`${stray.map((name) => preset.prefix + name).join(', ')}: needs ${preset.prefix}ISSUER and ${preset.prefix}CLIENT_ID`);
    return undefined;
  }
  const parsed = Variables.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${preset.prefix}${issue.path.join('.')}: ${/received undefined/.test(issue.message) ? 'is required' : issue.message}`);
    if (!raw.CLIENT_SECRET && !raw.CLIENT_AUTH && raw.PROFILE !== 'high-security') problems.push(`${preset.prefix}CLIENT_SECRET: is required (or ${preset.prefix}CLIENT_AUTH=private_key_jwt)`);
    return undefined;
  }
  const variables = parsed.data;
  const highSecurity = variables.PROFILE === 'high-security';
  const clientAuth = variables.CLIENT_AUTH ?? (highSecurity ? 'private_key_jwt' : 'client_secret_basic');
  const idTokenAlg = variables.ID_TOKEN_ALG ?? (highSecurity ? 'PS256' : 'RS256');
  const name = (suffix: string) => `${preset.prefix}${suffix}`;
  if (clientAuth === 'client_secret_basic' && !variables.CLIENT_SECRET) problems.push(`${name('CLIENT_SECRET')}: is required (or ${name('CLIENT_AUTH')}=private_key_jwt)`);
  if (clientAuth === 'private_key_jwt' && keys.length === 0) problems.push(`CLIENT_SIGNING_KEYS: is required for ${name('CLIENT_AUTH')}=private_key_jwt`);
  if (highSecurity) {
    // FAPI 2.0 Security Profile 5.3: PAR, sender-constrained tokens, asymmetric client authentication, PS256/ES256.
    if (clientAuth !== 'private_key_jwt') problems.push(`${name('CLIENT_AUTH')}: the high-security profile authenticates with private_key_jwt`);
    if (variables.PAR === false || variables.DPOP === false) problems.push(`${name('PROFILE')}=high-security: PAR and DPOP cannot be turned off`);
    if (idTokenAlg === 'RS256') problems.push(`${name('ID_TOKEN_ALG')}: the high-security profile needs PS256 or ES256`);
  }
  return {
    id: preset.id,
    label: variables.NAME ?? preset.label,
    issuer: variables.ISSUER,
    clientId: variables.CLIENT_ID,
    clientSecret: clientAuth === 'client_secret_basic' ? variables.CLIENT_SECRET : undefined,
    scope: preset.scope,
    authorizationParams: {},
    rolesClaims: variables.ROLES_CLAIM ?? preset.rolesClaims,
    logoutAtProvider: true,
    requireVerifiedEmail: false,
    trustedAudiences: variables.TRUSTED_AUDIENCES ?? [],
    profile: variables.PROFILE,
    clientAuth,
    par: variables.PAR ?? highSecurity,
    dpop: variables.DPOP ?? highSecurity,
    idTokenAlg,
  };
}

const GoogleVariables = z.object({
  GOOGLE_CLIENT_ID: text,
  GOOGLE_CLIENT_SECRET: text,
  GOOGLE_TRUSTED_AUDIENCES: list.optional(),
  GOOGLE_HOSTED_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain, e.g. example.com')
    .transform((value) => value.toLowerCase())
    .optional(),
  /** Google's issuer is fixed; overriding it is for a local test provider only. */
  GOOGLE_ISSUER: issuerUrl.refine((value) => isLoopbackHost(new URL(value).hostname), 'may only point at a loopback test provider (localhost / 127.0.0.1 / [::1])').optional(),
});

function google(source: Source, problems: string[]): ProviderConfig | undefined {
  const names = Object.keys(GoogleVariables.shape);
  if (!source.GOOGLE_CLIENT_ID && !source.GOOGLE_CLIENT_SECRET) {
    for (const name of names.filter((key) => source[key] !== undefined)) problems.push(`${name}: needs GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET`);
    return undefined;
  }
  const parsed = GoogleVariables.safeParse(Object.fromEntries(names.map((name) => [name, source[name]])));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${/received undefined/.test(issue.message) ? 'is required' : issue.message}`);
    return undefined;
  }
  const env = parsed.data;
  return {
    id: 'google',
    label: 'Google',
    issuer: env.GOOGLE_ISSUER ?? GOOGLE_ISSUER,
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    scope: 'openid profile email',
    // Google issues a refresh token only for access_type=offline, and only with a consent
    // screen when the person granted access before.
    authorizationParams: { access_type: 'offline', prompt: 'consent', ...(env.GOOGLE_HOSTED_DOMAIN && { hd: env.GOOGLE_HOSTED_DOMAIN }) },
    rolesClaims: [],
    // Google has no end_session_endpoint: sign-out is local plus revocation.
    logoutAtProvider: false,
    requireVerifiedEmail: true,
    hostedDomain: env.GOOGLE_HOSTED_DOMAIN,
    trustedAudiences: env.GOOGLE_TRUSTED_AUDIENCES ?? [],
    profile: 'standard',
    clientAuth: 'client_secret_basic',
    par: false,
    dpop: false,
    idTokenAlg: 'RS256',
  };
}

/**
 * Every configured provider, in the order their buttons appear: Keycloak (KEYCLOAK_*), Google
 * (GOOGLE_*), the generic OIDC_* and each OIDC_<ID>_* named in OIDC_PROVIDERS. Problems are
 * pushed, not thrown, so one start lists all of them.
 */
export function parseProviders(source: Source, keys: ClientKey[], problems: string[]): ProviderConfig[] {
  const keycloak: Preset = { id: 'keycloak', prefix: 'KEYCLOAK_', label: 'Keycloak', scope: 'openid profile email', rolesClaims: KEYCLOAK_ROLES };
  const generic = genericPresets(source, problems);
  const providers = [
    // Keycloak issues a refresh token on every code grant; offline_access would make it an
    // offline token that outlives the SSO session, which a browser session does not need.
    fromVariables(source, keycloak, keys, problems, false),
    google(source, problems),
    // OIDC Core 11: offline_access is the standard request for a refresh token.
    ...generic.map((preset, index) => fromVariables(source, preset, keys, problems, index > 0)),
  ].filter((provider): provider is ProviderConfig => provider !== undefined);
  if (providers.length === 0) problems.push('providers: configure at least one provider (KEYCLOAK_ISSUER + KEYCLOAK_CLIENT_ID + KEYCLOAK_CLIENT_SECRET; or GOOGLE_CLIENT_ID + GOOGLE_CLIENT_SECRET; or OIDC_ISSUER + OIDC_CLIENT_ID + OIDC_CLIENT_SECRET)');
  return providers;
}

/** Every client secret the configuration holds, with its variable's name (for the public-secret check). */
export function clientSecretVariables(source: Source): [string, string][] {
  return Object.entries(source).filter((entry): entry is [string, string] => entry[0].endsWith('_CLIENT_SECRET') && typeof entry[1] === 'string');
}

export function configuredProviders(env: { providers: ProviderConfig[] }): ProviderConfig[] {
  return env.providers;
}

export function findProvider(env: { providers: ProviderConfig[] }, id: string): ProviderConfig | undefined {
  return env.providers.find((provider) => provider.id === id);
}

/** RFC 6749 3.1.2: the redirect URI is built from configuration, never from the request's Host. */
export function redirectUri(env: { APP_URL: string }, provider: Pick<ProviderConfig, 'id'>): string {
  return `${env.APP_URL}/auth/callback/${provider.id}`;
}
