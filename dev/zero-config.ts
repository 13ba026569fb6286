import { DEV_API_URL, DEV_APP_URL, DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_IDP_PORT, DEV_REALM_PATH, DEV_SESSION_SECRET } from './defaults';
import { isLoopbackHost } from '../lib/auth/http/loopback';

type Source = Record<string, string | undefined>;

const PROVIDER_VARIABLES = ['KEYCLOAK_ISSUER', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'];

/**
 * What `npm run dev` adds to the app's environment so a new clone signs in with no
 * configuration, and one line per value it added. Only for a loopback APP_URL (or none): the
 * values are public, and the app itself refuses them on any other origin.
 */
export function zeroConfig(source: Source): { env: Record<string, string>; notices: string[] } {
  const blank = (name: string) => !source[name]?.trim();
  if (!blank('APP_URL') && !isLoopbackHost(safeHostname(source.APP_URL))) {
    return { env: {}, notices: [`[dev] APP_URL ${source.APP_URL} is not a loopback origin: no development defaults applied`] };
  }
  const env: Record<string, string> = {};
  const notices: string[] = [];
  if (blank('APP_URL')) {
    env.APP_URL = DEV_APP_URL;
    notices.push(`[dev] APP_URL not set: ${DEV_APP_URL}`);
  }
  if (blank('SESSION_SECRET')) {
    env.SESSION_SECRET = DEV_SESSION_SECRET;
    notices.push('[dev] SESSION_SECRET not set: using the public development secret (the app refuses it on any non-loopback APP_URL)');
  }
  if (PROVIDER_VARIABLES.every(blank)) {
    Object.assign(env, { KEYCLOAK_ISSUER: `http://localhost:${DEV_IDP_PORT}${DEV_REALM_PATH}`, KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET });
    notices.push(`[dev] no provider configured: signing in through the local provider, ${env.KEYCLOAK_ISSUER} (client ${DEV_CLIENT_ID})`);
  }
  if (blank('DEMO_API_URL')) {
    env.DEMO_API_URL = DEV_API_URL;
    notices.push(`[dev] DEMO_API_URL not set: the sample API, ${DEV_API_URL}`);
  }
  return { env, notices };
}

function safeHostname(url: string | undefined): string {
  try {
    return new URL(url ?? '').hostname;
  } catch {
    return '';
  }
}
