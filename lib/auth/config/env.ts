import 'server-only';
import { z } from 'zod';
import { isLoopbackHost } from '../http';
import { parseClientKeys, type ClientKey } from './client-keys';
import { clientSecretVariables, parseProviders, type ProviderConfig } from './providers';
import { isPublicSecret } from './public-secrets';

export type Env = z.infer<typeof EnvSchema> & {
  /** Every configured provider (see providers.ts), in button order. */
  providers: ProviderConfig[];
  /** The app's own signing keys (private_key_jwt), newest first; empty unless CLIENT_SIGNING_KEYS is set. */
  clientKeys: ClientKey[];
};

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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
  REDIS_URL: z
    .url()
    .refine((value) => ['redis:', 'rediss:'].includes(new URL(value).protocol), 'must be a redis:// or rediss:// URL')
    .optional(),
  /**
   * `memory`: the operator's explicit choice of one instance whose sign-outs live in process
   * memory (forgotten on restart). Without REDIS_URL a public or production server needs it.
   */
  STORE: z.enum(['memory', 'redis']).optional(),
  /**
   * `server`: the session lives in the store (sealed), the cookie carries only its id. `cookie`
   * (the default): the whole sealed session is the cookie, and the store holds only sign-outs.
   */
  SESSION_STORAGE: z.enum(['cookie', 'server']).default('cookie'),
  /** Milliseconds any one store call may take before it counts as "store unavailable". */
  STORE_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
});

/** Checks across variables. They run even when single variables are wrong, so one run lists everything. */
function crossFieldProblems(source: Source): string[] {
  const problems: string[] = [];
  const publicDeployment = !isLoopbackOrigin(source.APP_URL);
  if (publicDeployment) {
    // Whatever NODE_ENV says: a secret published in this repository protects nothing.
    const secrets: [string, string[]][] = [['SESSION_SECRET', (source.SESSION_SECRET ?? '').split(',').map((value) => value.trim())], ...clientSecretVariables(source).map(([name, value]): [string, string[]] => [name, [value]])];
    for (const [name, values] of secrets) {
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
  const problems = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${/received undefined/.test(issue.message) ? 'is required' : issue.message}`) ?? [];
  let clientKeys: ClientKey[] = [];
  try {
    if (input.CLIENT_SIGNING_KEYS) clientKeys = parseClientKeys(input.CLIENT_SIGNING_KEYS);
  } catch (error) {
    problems.push(`CLIENT_SIGNING_KEYS: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const providers = parseProviders(input, clientKeys, problems);
  problems.push(...crossFieldProblems(input));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return { ...result.data, providers, clientKeys };
}

let cached: Env | undefined;

/** The validated configuration, parsed once per process on first use (never at build time). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
