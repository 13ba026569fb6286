import { DEV_APP_URL, DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_FAPI_CLIENT_ID } from '../defaults';
import { KeycloakUnavailable } from './install';
import { startKeycloak } from './server';

/**
 * `npm run keycloak`: the pinned Keycloak with the demo realm, on 127.0.0.1, until Ctrl-C.
 * APP_URL (default the dev app) is where the realm sends people back and posts back-channel
 * logouts; KEYCLOAK_PORT picks the port (default: a free one).
 */
const appUrl = process.env.APP_URL?.trim() || DEV_APP_URL;
const port = process.env.KEYCLOAK_PORT ? Number(process.env.KEYCLOAK_PORT) : undefined;
const log = (line: string) => console.log(`[keycloak] ${line}`);

try {
  log(`starting (app: ${appUrl})…`);
  const keycloak = await startKeycloak({ appUrl, port, log });
  const { issuer, baseUrl, admin, install } = keycloak;
  console.log(`
Keycloak ${install.version} is ready in ${(keycloak.startupMs / 1000).toFixed(1)} s (Java ${install.javaVersion}; output: ${keycloak.logFile}).
  issuer         ${issuer}
  admin console  ${baseUrl}/admin   user ${admin.username}, password ${admin.password}
  demo users     alice / alice (admin), bob / bob

Point the app at it:
  KEYCLOAK_ISSUER=${issuer} KEYCLOAK_CLIENT_ID=${DEV_CLIENT_ID} \\
  KEYCLOAK_CLIENT_SECRET=${DEV_CLIENT_SECRET} npm run dev

Or as the high-security client (PAR, private_key_jwt, DPoP, PS256 ID tokens; no secret, Keycloak
fetches the app's keys from ${appUrl}/auth/jwks):
  KEYCLOAK_ISSUER=${issuer} KEYCLOAK_CLIENT_ID=${DEV_FAPI_CLIENT_ID} \\
  KEYCLOAK_PROFILE=high-security CLIENT_SIGNING_KEYS='<JWK Set or PEM, newest first>' npm run dev

Ctrl-C stops Keycloak; its data goes with it (the next start imports the realm afresh).`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log('stopping…');
      void keycloak.stop().then(() => process.exit(0));
    });
  }
} catch (error) {
  console.error(`[keycloak] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof KeycloakUnavailable ? 2 : 1);
}
