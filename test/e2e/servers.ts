import { generateKeyPairSync } from 'node:crypto';
import { DEMO_ACCOUNTS } from '../../dev/local-provider/accounts';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_FAPI_CLIENT_ID, DEV_GOOGLE_CLIENT_ID, DEV_GOOGLE_CLIENT_SECRET, DEV_GOOGLE_PATH, DEV_REALM_PATH } from '../../dev/defaults';
import { hasRedisServer } from '../kit/redis';
import { SERVER_SESSIONS, TEST_SESSION_SECRET } from '../kit/variables';

/** Ports of the production-build suite: away from `npm run dev`'s 3000 / 4000 so both can run. */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? 4100);
export const API_PORT = Number(process.env.E2E_API_PORT ?? 4101);
/** With server-side sessions only: the Redis that holds them. */
export const REDIS_PORT = Number(process.env.E2E_REDIS_PORT ?? 4102);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const IDP_URL = `http://localhost:${IDP_PORT}`;
export const API_URL = `http://localhost:${API_PORT}`;
export const ISSUER = `${IDP_URL}${DEV_REALM_PATH}`;
export const GOOGLE_ISSUER = `${IDP_URL}${DEV_GOOGLE_PATH}`;
/** The Workspace domain the app accepts from the Google-shaped provider (dave's is another). */
export const HOSTED_DOMAIN = 'example.com';
export const OIDC_NAME = 'Demo SSO';
/**
 * With server-side sessions (TEST_SESSION_STORAGE=server, playwright.server-sessions.config.ts)
 * the app keeps them in a Redis that playwright.config.ts starts, so a spec can open them with
 * the product's own code, as the kit's sealed cookies are opened (test-helpers.spec.ts). Without
 * redis-server (never in CI) they stay in the app's memory, and the specs that open them skip.
 */
export const SESSION_REDIS_URL = SERVER_SESSIONS && hasRedisServer() ? `redis://127.0.0.1:${REDIS_PORT}` : undefined;
/** Set when a spec cannot mint or open sessions from its own process (sessions in the app's memory): why it skips. */
export const SESSIONS_OUT_OF_REACH = SERVER_SESSIONS && !SESSION_REDIS_URL ? 'server-side sessions in the app’s memory: install redis-server (mintSessionCookies refuses this by design)' : undefined;
/** Short enough that a test sees a refresh within seconds. */
export const ACCESS_TOKEN_TTL = 10;

export const appEnv = {
  APP_URL,
  PORT: String(APP_PORT),
  SESSION_SECRET: TEST_SESSION_SECRET,
  KEYCLOAK_ISSUER: ISSUER,
  KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID,
  KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET,
  GOOGLE_ISSUER,
  GOOGLE_CLIENT_ID: DEV_GOOGLE_CLIENT_ID,
  GOOGLE_CLIENT_SECRET: DEV_GOOGLE_CLIENT_SECRET,
  GOOGLE_HOSTED_DOMAIN: HOSTED_DOMAIN,
  // The generic preset, pointed at the Keycloak-shaped realm (it registers /auth/callback/oidc too).
  // The generic preset in the high-security profile (PAR, private_key_jwt, DPoP, PS256), against
  // the local provider's FAPI-shaped client; the app's signing key is made for this run.
  OIDC_ISSUER: ISSUER,
  OIDC_CLIENT_ID: DEV_FAPI_CLIENT_ID,
  OIDC_PROFILE: 'high-security',
  CLIENT_SIGNING_KEYS: JSON.stringify({ keys: [generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })] }),
  OIDC_NAME,
  DEMO_API_URL: API_URL,
  // As `npm run dev` does: the home page names the local provider's demo users.
  DEV_DEMO_USERS: JSON.stringify(DEMO_ACCOUNTS),
  // One production instance: sign-outs in memory, on purpose; with server-side sessions, on Redis.
  ...(SERVER_SESSIONS && { SESSION_STORAGE: 'server' }),
  ...(SESSION_REDIS_URL ? { REDIS_URL: SESSION_REDIS_URL } : { STORE: 'memory' }),
};

export const apiEnv = {
  DEMO_API_PORT: String(API_PORT),
  DEMO_API_ISSUER: ISSUER,
};

export const idpEnv = {
  APP_URL,
  DEV_IDP_PORT: String(IDP_PORT),
  DEV_IDP_ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL),
};
