/**
 * The zero-configuration pairing between `npm run dev` and the local OpenID Provider.
 * Both sides read these constants so they can never drift apart. None of them is a secret:
 * the local provider refuses to start in production, and the app refuses them on any non-loopback
 * APP_URL, whatever NODE_ENV says (lib/auth/config/public-secrets.ts).
 */
export const DEV_APP_URL = 'http://localhost:3000';
export const DEV_IDP_PORT = 4000;
export const DEV_REALM_PATH = '/realms/demo';
export const DEV_CLIENT_ID = 'demo-app';
export const DEV_CLIENT_SECRET = 'demo-app-secret-not-for-production';
/** Supplied by `npm run dev` for a loopback APP_URL, so a new clone signs in without creating a .env file. */
export const DEV_SESSION_SECRET = 'dev-only-session-secret-never-use-in-production!';

/** The local imitation of Google (issuer http://localhost:4000/google, overridable by GOOGLE_ISSUER). */
export const DEV_GOOGLE_PATH = '/google';
export const DEV_GOOGLE_CLIENT_ID = 'demo-app.apps.localhost';
export const DEV_GOOGLE_CLIENT_SECRET = 'demo-google-secret-not-for-production';

/**
 * The sample resource server (dev/sample-api) beside the local provider, and the audiences of its
 * two services. The app names the same audiences in app/api-table.ts.
 */
export const DEV_API_PORT = 4001;
export const DEV_API_URL = `http://localhost:${DEV_API_PORT}`;
export const DEMO_API_AUDIENCE = 'urn:demo:api';
export const BILLING_API_AUDIENCE = 'urn:demo:billing';
/**
 * The app's high-security client (KEYCLOAK_PROFILE=high-security or OIDC_PROFILE=high-security):
 * PAR required, private_key_jwt with the app's keys from APP_URL/auth/jwks, DPoP-bound tokens
 * (with server nonces), PS256 ID tokens.
 */
export const DEV_FAPI_CLIENT_ID = 'demo-app-fapi';
/** The sample API's own client at the Google-shaped issuer, for token introspection (RFC 7662). */
export const DEV_API_CLIENT_ID = 'demo-api';
export const DEV_API_CLIENT_SECRET = 'demo-api-secret-not-for-production';
/** The public client of `npm run device-login` (RFC 8628: a CLI cannot keep a secret). */
export const DEV_CLI_CLIENT_ID = 'demo-cli';
