import 'server-only';
import { z } from 'zod';
import { DEV_API_URL, DEV_APP_URL, DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_IDP_PORT, DEV_REALM_PATH, DEV_SESSION_SECRET } from './dev-defaults';
import { isLoopbackHost } from './loopback';

export type Env = z.infer<typeof EnvSchema>;

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z.string().trim().min(1).optional();

/** An issuer or API URL: https, or http on a loopback host (local servers in dev and tests). */
const issuerUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  }, 'must be https (http is allowed only for localhost / 127.0.0.1 / [::1])')
  .refine((value) => !new URL(value).search && !new URL(value).hash, 'must not have a query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

/** Google's issuer is fixed; overriding it is for a local test provider only. */
const loopbackIssuerUrl = issuerUrl.refine((value) => isLoopbackHost(new URL(value).hostname), 'may only point at a loopback test provider (localhost / 127.0.0.1 / [::1])');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_URL: z
    .url()
    .refine((value) => new URL(value).pathname === '/' && !new URL(value).search, 'must be an origin, e.g. https://app.example.com')
    .transform((value) => new URL(value).origin),
  /** One or more secrets, comma-separated, newest first (rotation: see lib/auth/seal.ts). */
  SESSION_SECRET: z
    .string()
    .transform((value) => value.split(',').map((secret) => secret.trim()))
    .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters (generate one: openssl rand -base64 48)')).min(1)),
  SESSION_IDLE_TIMEOUT: seconds(24 * 60 * 60),
  SESSION_ABSOLUTE_LIFETIME: seconds(7 * 24 * 60 * 60),
  TOKEN_REFRESH_LEEWAY: seconds(60),
  PROVIDER_TIMEOUT: seconds(10),
  KEYCLOAK_ISSUER: issuerUrl.optional(),
  KEYCLOAK_CLIENT_ID: optionalText,
  KEYCLOAK_CLIENT_SECRET: optionalText,
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GOOGLE_HOSTED_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain, e.g. example.com')
    .transform((value) => value.toLowerCase())
    .optional(),
  GOOGLE_ISSUER: loopbackIssuerUrl.optional(),
  OIDC_ISSUER: issuerUrl.optional(),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_NAME: z.string().trim().min(1).max(40).optional(),
  /** Base URL of the resource server the BFF's API routes call (the sample one in development). */
  DEMO_API_URL: issuerUrl.optional(),
  /** `npm run device-login` only: its public client at KEYCLOAK_ISSUER (default demo-cli). */
  DEVICE_CLIENT_ID: optionalText,
  REDIS_URL: z
    .url()
    .refine((value) => ['redis:', 'rediss:'].includes(new URL(value).protocol), 'must be a redis:// or rediss:// URL')
    .optional(),
});

/** Each provider is configured by a group of variables that only make sense together. */
const PROVIDER_GROUPS = [
  ['KEYCLOAK_ISSUER', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'],
  ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
  ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'],
] as const;

/** Checks across variables. They run even when single variables are wrong, so one run lists everything. */
function crossFieldProblems(source: Source): string[] {
  const problems: string[] = [];
  const complete = PROVIDER_GROUPS.filter((group) => group.every((name) => source[name]));
  for (const group of PROVIDER_GROUPS) {
    if (group.some((name) => source[name]) && !group.every((name) => source[name])) problems.push(`${group.join(', ')}: set all of them together`);
  }
  if (complete.length === 0) problems.push(`providers: configure at least one provider (${PROVIDER_GROUPS.map((group) => group.join(' + ')).join('; or ')})`);
  for (const dependent of ['GOOGLE_HOSTED_DOMAIN', 'GOOGLE_ISSUER'] as const) {
    if (source[dependent] && !(source.GOOGLE_CLIENT_ID && source.GOOGLE_CLIENT_SECRET)) problems.push(`${dependent}: needs GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET`);
  }
  if (source.OIDC_NAME && !source.OIDC_ISSUER) problems.push('OIDC_NAME: needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
  const idle = Number(source.SESSION_IDLE_TIMEOUT ?? 86400);
  const absolute = Number(source.SESSION_ABSOLUTE_LIFETIME ?? 604800);
  if (idle > absolute) problems.push('SESSION_IDLE_TIMEOUT: must not exceed SESSION_ABSOLUTE_LIFETIME');
  return problems;
}

type Source = Record<string, string | undefined>;

/**
 * Outside production a missing value falls back to the local provider and a fixed dev secret,
 * so `npm install && npm run dev` signs in with zero configuration. Production gets no defaults.
 */
function withDevDefaults(source: Source): Source {
  if (source.NODE_ENV === 'production') return source;
  const blank = (name: string) => !source[name]?.trim();
  const noProvider = PROVIDER_GROUPS.flat().every(blank);
  return {
    ...source,
    APP_URL: blank('APP_URL') ? DEV_APP_URL : source.APP_URL,
    SESSION_SECRET: blank('SESSION_SECRET') ? DEV_SESSION_SECRET : source.SESSION_SECRET,
    DEMO_API_URL: blank('DEMO_API_URL') ? DEV_API_URL : source.DEMO_API_URL,
    ...(noProvider && {
      KEYCLOAK_ISSUER: `http://localhost:${DEV_IDP_PORT}${DEV_REALM_PATH}`,
      KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID,
      KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET,
    }),
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Pure: parses a snapshot of the environment, listing every problem in one error. */
export function parseEnv(source: Source): Env {
  const input: Source = Object.fromEntries(Object.entries(withDevDefaults(source)).map(([key, value]) => [key, value?.trim() ? value : undefined]));
  const result = EnvSchema.safeParse(input);
  const problems = [
    ...(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${/received undefined/.test(issue.message) ? 'is required' : issue.message}`) ?? []),
    ...crossFieldProblems(input),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

let cached: Env | undefined;

/** The validated configuration, parsed once per process on first use (never at build time). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
