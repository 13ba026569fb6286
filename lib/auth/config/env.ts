import 'server-only';
import { z } from 'zod';
import { isLoopbackHost } from '../http';
import { isPublicSecret } from './public-secrets';

export type Env = z.infer<typeof EnvSchema>;

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z.string().trim().min(1).optional();
/** A comma-separated list, e.g. trusted audiences. */
const list = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .default([]);

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
    // Over plain http cookies lose Secure and the __Host- prefix, so a sibling subdomain could
    // plant a session (RFC 6265bis 8.6); only a loopback origin never leaves the machine.
    .refine((value) => new URL(value).protocol === 'https:' || (new URL(value).protocol === 'http:' && isLoopbackHost(new URL(value).hostname)), 'must be https (http is allowed only for localhost / 127.0.0.1 / [::1])')
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
  /** OIDC Core 3.1.3.7 step 3: audiences besides the client id an ID token may name (default none). */
  KEYCLOAK_TRUSTED_AUDIENCES: list,
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GOOGLE_TRUSTED_AUDIENCES: list,
  GOOGLE_HOSTED_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain, e.g. example.com')
    .transform((value) => value.toLowerCase())
    .optional(),
  GOOGLE_ISSUER: loopbackIssuerUrl.optional(),
  OIDC_ISSUER: issuerUrl.optional(),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_TRUSTED_AUDIENCES: list,
  OIDC_NAME: z.string().trim().min(1).max(40).optional(),
  REDIS_URL: z
    .url()
    .refine((value) => ['redis:', 'rediss:'].includes(new URL(value).protocol), 'must be a redis:// or rediss:// URL')
    .optional(),
  /**
   * `memory`: the operator's explicit choice of one instance whose sign-outs live in process
   * memory (forgotten on restart). Without REDIS_URL a public or production server needs it.
   */
  STORE: z.enum(['memory', 'redis']).optional(),
  /** Milliseconds any one store call may take before it counts as "store unavailable". */
  STORE_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
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
  const publicDeployment = !isLoopbackOrigin(source.APP_URL);
  if (publicDeployment) {
    // Whatever NODE_ENV says: a secret published in this repository protects nothing.
    for (const name of ['SESSION_SECRET', 'KEYCLOAK_CLIENT_SECRET', 'GOOGLE_CLIENT_SECRET', 'OIDC_CLIENT_SECRET'] as const) {
      const values = name === 'SESSION_SECRET' ? (source[name] ?? '').split(',').map((value) => value.trim()) : [source[name] ?? ''];
      if (values.some(isPublicSecret)) problems.push(`${name}: is a development value published in this repository; it is refused for the public APP_URL ${source.APP_URL} (generate one: openssl rand -base64 48)`);
    }
  }
  if (source.STORE === 'redis' && !source.REDIS_URL) problems.push('STORE=redis: needs REDIS_URL');
  if (source.STORE === 'memory' && source.REDIS_URL) problems.push('STORE=memory: REDIS_URL is set too; choose one');
  if (!source.REDIS_URL && source.STORE !== 'memory' && (source.NODE_ENV === 'production' || publicDeployment)) {
    problems.push(
      'REDIS_URL: required in production, so sign-outs survive restarts and reach every instance; to run a single instance that forgets them on restart, set STORE=memory',
    );
  }
  const idle = Number(source.SESSION_IDLE_TIMEOUT ?? 86400);
  const absolute = Number(source.SESSION_ABSOLUTE_LIFETIME ?? 604800);
  if (idle > absolute) problems.push('SESSION_IDLE_TIMEOUT: must not exceed SESSION_ABSOLUTE_LIFETIME');
  return problems;
}

type Source = Record<string, string | undefined>;

/** True when APP_URL is unset, unparseable (reported elsewhere) or a loopback origin. */
function isLoopbackOrigin(appUrl: string | undefined): boolean {
  if (!appUrl) return true;
  try {
    return isLoopbackHost(new URL(appUrl).hostname);
  } catch {
    return true;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/**
 * Pure: parses a snapshot of the environment, listing every problem in one error. There are no
 * defaults for the demo here: `npm run dev` (dev/run.ts) supplies the zero-configuration
 * values to the app it starts.
 */
export function parseEnv(source: Source): Env {
  const input: Source = Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value?.trim() ? value : undefined]));
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
