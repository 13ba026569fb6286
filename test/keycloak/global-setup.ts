import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DEV_FAPI_CLIENT_ID } from '../../dev/defaults';
import { KeycloakUnavailable } from '../../dev/keycloak/install';
import { startKeycloak } from '../../dev/keycloak/server';
import { startApp } from '../kit/app-server';
import { freePort } from '../kit/ports';
import { startRedis } from '../kit/redis';
import { startDemoApiProcess } from './support/demo-api';
import { publishSuite } from './support/suite';

/** Where Keycloak's output is kept after the run (Playwright empties its own outputDir first). */
export const KEYCLOAK_LOG = 'test-results/keycloak-server.log';

/**
 * Realm settings for the suite, on top of the imported file. Short access tokens make a
 * refresh happen within seconds; saved events let the tests count refreshes, refresh-token
 * reuse and logouts at the provider itself, not only as the app saw them.
 */
const SUITE_REALM = {
  accessTokenLifespan: 20,
  eventsEnabled: true,
  eventsExpiration: 3600,
  enabledEventTypes: ['LOGIN', 'LOGIN_ERROR', 'CODE_TO_TOKEN', 'CODE_TO_TOKEN_ERROR', 'REFRESH_TOKEN', 'REFRESH_TOKEN_ERROR', 'LOGOUT', 'LOGOUT_ERROR', 'TOKEN_EXCHANGE', 'TOKEN_EXCHANGE_ERROR', 'CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'REVOKE_GRANT', 'REVOKE_GRANT_ERROR'],
};

const log = (line: string) => console.log(`[keycloak suite] ${line}`);

/** The high-security instance's CLIENT_SIGNING_KEYS, newest first: an ES256 key signs, an older RSA key is still published. */
function clientSigningKeys(): string {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return JSON.stringify({ keys: [ec, rsa] });
}

/**
 * Keycloak once per run, then what the app needs around it: Redis, the sample API, and four
 * production servers of the app (`npm run build` first). Two serve the public APP_URL from a
 * shared Redis (`a` is the one Keycloak's back-channel logout reaches); one keeps its state in
 * memory. The fourth signs in as the realm's demo-app-fapi client with the high-security profile,
 * at an APP_URL of its own (the realm's URLs for that client name it). Returns the teardown,
 * which stops everything in reverse order.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build: run npm run build before npm run test:keycloak.');
  const [portA, portB, portMemory, portHighSecurity] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const appUrl = `http://localhost:${portA}`;
  const highSecurityUrl = `http://localhost:${portHighSecurity}`;

  const started = Date.now();
  let keycloak: Awaited<ReturnType<typeof startKeycloak>>;
  try {
    keycloak = await startKeycloak({ appUrl, clientAppUrls: { [DEV_FAPI_CLIENT_ID]: highSecurityUrl }, realmOverrides: SUITE_REALM, logFile: KEYCLOAK_LOG, log });
  } catch (error) {
    if (!(error instanceof KeycloakUnavailable) || process.env.CI) throw error;
    const skip = `Keycloak cannot run here: ${error.message}`;
    console.warn(`\n⚠ NOTICE: ${skip}. SKIPPING the Keycloak suite (in CI this is a failure).\n`);
    publishSuite({ skip });
    return async () => undefined;
  }
  log(`Keycloak ${keycloak.install.version} (Java ${keycloak.install.javaVersion}) ready at ${keycloak.issuer} in ${((Date.now() - started) / 1000).toFixed(1)} s (server start ${(keycloak.startupMs / 1000).toFixed(1)} s); its output: ${KEYCLOAK_LOG}`);

  const stops: (() => Promise<void>)[] = [keycloak.stop];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error('[keycloak suite] teardown:', error));
  };
  try {
    const redis = await startRedis();
    if (redis) stops.push(redis.stop);
    const api = await startDemoApiProcess(keycloak.issuer);
    stops.push(api.stop);
    const common = { appUrl, issuer: keycloak.issuer };
    // STORE=memory: a production server without REDIS_URL must say so (the product is about to require it).
    const memoryEnv = { DEMO_API_URL: api.url, STORE: 'memory' };
    const sharedEnv = redis ? { DEMO_API_URL: api.url, REDIS_URL: redis.url } : memoryEnv;
    // No client secret: it authenticates with private_key_jwt, Keycloak fetching its keys from highSecurityUrl/auth/jwks.
    const highSecurityEnv = { ...sharedEnv, KEYCLOAK_CLIENT_ID: DEV_FAPI_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: '', KEYCLOAK_PROFILE: 'high-security', CLIENT_SIGNING_KEYS: clientSigningKeys() };
    const apps = await Promise.all([
      startApp({ ...common, port: portA, env: sharedEnv }),
      startApp({ ...common, port: portMemory, env: memoryEnv }),
      startApp({ appUrl: highSecurityUrl, issuer: keycloak.issuer, port: portHighSecurity, env: highSecurityEnv }),
      ...(redis ? [startApp({ ...common, port: portB, env: sharedEnv })] : []),
    ]);
    stops.push(...apps.map((app) => app.stop));
    const [a, memory, highSecurity, b] = apps;
    publishSuite({
      issuer: keycloak.issuer,
      keycloakUrl: keycloak.baseUrl,
      admin: keycloak.admin,
      appUrl,
      instances: { a: a!.url, memory: memory!.url, b: b?.url },
      highSecurityUrl: highSecurity!.url,
      redis: Boolean(redis),
      apiUrl: api.url,
    });
    log(`app ${appUrl} (${redis ? 'two instances on one Redis' : 'no redis-server: one instance'}, plus one in memory at ${memory!.url}), high-security app ${highSecurity!.url}, sample API ${api.url}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
