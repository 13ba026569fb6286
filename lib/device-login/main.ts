import nextEnv from '@next/env';
import { AuthError } from '../auth/errors';
import { DEV_CLI_CLIENT_ID } from '../dev-defaults';
import { env } from '../env';
import { DEVICE_LOGIN_MESSAGES, cliProvider, deviceLogin } from './device-login';

/**
 * `npm run device-login`: signs a terminal user in with the device authorization grant
 * (RFC 8628) at KEYCLOAK_ISSUER (the local provider by default) and prints who they are.
 * It runs with the react-server condition because it reuses the server's modules.
 */
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'test');
const config = env();
if (!config.KEYCLOAK_ISSUER) {
  console.error('device-login needs KEYCLOAK_ISSUER (the issuer whose device flow to use). See .env.example.');
  process.exit(2);
}
const provider = cliProvider(config.KEYCLOAK_ISSUER, config.DEVICE_CLIENT_ID ?? DEV_CLI_CLIENT_ID);
const interrupted = new AbortController();
process.once('SIGINT', () => interrupted.abort());

try {
  const claims = await deviceLogin(provider, config, {
    signal: interrupted.signal,
    prompt(authorization) {
      console.log(`To sign in, open ${authorization.verificationUri}`);
      console.log(`and enter the code: ${authorization.userCode}`);
      if (authorization.verificationUriComplete) console.log(`(or open ${authorization.verificationUriComplete})`);
      console.log(`Waiting for approval: polling every ${authorization.interval} s, the code expires in ${authorization.expiresIn} s. Ctrl-C to stop.`);
    },
  });
  console.log(`Signed in as ${String(claims.preferred_username ?? claims.email ?? claims.sub)}. ID token claims (verified):`);
  console.log(JSON.stringify(claims, null, 2));
} catch (error) {
  if (interrupted.signal.aborted) {
    console.error('Stopped.');
    process.exit(130);
  }
  const code = error instanceof AuthError ? error.code : 'invalid_response';
  console.error(DEVICE_LOGIN_MESSAGES[code] ?? `Sign-in failed (${code}).`);
  process.exit(1);
}
