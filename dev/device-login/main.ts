import nextEnv from '@next/env';
import { z } from 'zod';
import { AuthError } from '../../lib/auth/errors';
import { DEV_CLI_CLIENT_ID, DEV_IDP_PORT, DEV_REALM_PATH } from '../defaults';
import { isLoopbackHost } from '../../lib/auth/http/loopback';
import { DEVICE_LOGIN_MESSAGES, cliProvider, deviceLogin } from './device-login';

/**
 * `npm run device-login`: signs a terminal user in with the device authorization grant
 * (RFC 8628) at KEYCLOAK_ISSUER (the local provider by default) and prints who they are.
 * It runs with the react-server condition because it reuses the server's modules.
 */
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'test');

/** Only what this CLI needs; the local provider unless KEYCLOAK_ISSUER names another. */
const Settings = z.object({
  KEYCLOAK_ISSUER: z
    .url()
    .refine((value) => new URL(value).protocol === 'https:' || isLoopbackHost(new URL(value).hostname), 'must be https (http only for loopback)')
    .transform((value) => value.replace(/\/+$/, ''))
    .default(`http://localhost:${DEV_IDP_PORT}${DEV_REALM_PATH}`),
  DEVICE_CLIENT_ID: z.string().trim().min(1).default(DEV_CLI_CLIENT_ID),
  PROVIDER_TIMEOUT: z.coerce.number().int().positive().default(10),
});
const parsed = Settings.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value?.trim())));
if (!parsed.success) {
  console.error(`device-login: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}. See .env.example.`);
  process.exit(2);
}
const config = parsed.data;
const styled = process.stdout.isTTY;
/** The code is what the person copies by eye: bold and reversed on a terminal, plain when piped. */
const emphasis = (text: string) => (styled ? `\x1b[1;7m ${text} \x1b[0m` : text);

/** JWT NumericDate claims (RFC 7519 2) that a person reads as times, not as seconds since 1970. */
const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'];

function readableTimes(claims: Record<string, unknown>): Record<string, unknown> {
  const now = Date.now() / 1000;
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if (!TIME_CLAIMS.includes(name) || typeof value !== 'number') return [name, value];
      const minutes = Math.round((value - now) / 60);
      const relative = minutes === 0 ? 'now' : minutes > 0 ? `in ${minutes} min` : `${-minutes} min ago`;
      return [name, `${new Date(value * 1000).toLocaleString()} (${relative}; ${value})`];
    }),
  );
}
const provider = cliProvider(config.KEYCLOAK_ISSUER, config.DEVICE_CLIENT_ID);
const interrupted = new AbortController();
process.once('SIGINT', () => interrupted.abort());

try {
  const claims = await deviceLogin(provider, { PROVIDER_TIMEOUT: config.PROVIDER_TIMEOUT, clientKeys: [] }, {
    signal: interrupted.signal,
    prompt(authorization) {
      console.log(`To sign in, open ${authorization.verificationUri}`);
      console.log(`and enter the code: ${emphasis(authorization.userCode)}`);
      if (authorization.verificationUriComplete) console.log(`(or open ${authorization.verificationUriComplete})`);
      console.log(`\nWaiting for approval: polling every ${authorization.interval} s, the code expires in ${authorization.expiresIn < 120 ? `${authorization.expiresIn} s` : `${Math.round(authorization.expiresIn / 60)} min`}. Ctrl-C to stop.`);
    },
  });
  console.log(`Signed in as ${String(claims.preferred_username ?? claims.email ?? claims.sub)}. ID token claims (verified; times shown in local time):`);
  console.log(JSON.stringify(readableTimes(claims), null, 2));
} catch (error) {
  if (interrupted.signal.aborted) {
    console.error('Stopped.');
    process.exit(130);
  }
  const code = error instanceof AuthError ? error.code : 'invalid_response';
  console.error(DEVICE_LOGIN_MESSAGES[code] ?? `Sign-in failed (${code}).`);
  process.exit(1);
}
