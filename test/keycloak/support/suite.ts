/**
 * What global-setup.ts started, handed to the test workers through one environment variable
 * (Playwright starts its workers after global setup, with its environment).
 */
export interface KeycloakSuite {
  /** Why the suite is skipped (no Java or Maven, outside CI); absent when it runs. */
  skip?: string;
  issuer: string;
  /** Keycloak's origin: the admin REST API lives under `/admin/realms`. */
  keycloakUrl: string;
  admin: { username: string; password: string };
  /** The app's public origin: the realm's redirect, post-logout and back-channel URLs name it. */
  appUrl: string;
  /** Instances serving that APP_URL: `a` at appUrl itself; `b` beside it on the same Redis. */
  instances: { a: string; b?: string; memory: string };
  /** Whether `a` and `b` share a real Redis (else `b` is absent and `a` keeps state in memory). */
  redis: boolean;
  /**
   * The instance signed in as demo-app-fapi with KEYCLOAK_PROFILE=high-security (PAR,
   * private_key_jwt, DPoP, PS256 ID tokens): its own APP_URL, so also where it is reached.
   */
  highSecurityUrl: string;
  apiUrl: string;
}

const VARIABLE = 'KEYCLOAK_SUITE';

export function publishSuite(suite: KeycloakSuite | { skip: string }): void {
  process.env[VARIABLE] = JSON.stringify(suite);
}

export function suite(): KeycloakSuite {
  const text = process.env[VARIABLE];
  if (!text) throw new Error(`${VARIABLE} is not set: run this suite with npm run test:keycloak (its global setup starts Keycloak)`);
  return JSON.parse(text) as KeycloakSuite;
}
