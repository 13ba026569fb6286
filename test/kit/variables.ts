/**
 * The kit's one configuration, as environment variables: what testEnv() parses, what the unit
 * tests' process runs with (vitest.config.ts), and the session secret every server the suites
 * start is given (integration, end-to-end, Keycloak, soak, bench). One secret, so a cookie any
 * suite holds opens with the product's own unseal and testEnv(). No product imports here: the
 * test runners' configuration files load this module before any alias applies.
 */
export const TEST_SESSION_SECRET = 'kit-test-session-secret-with-at-least-32-characters';

/** For "a seal made with another secret is refused". */
export const ANOTHER_SESSION_SECRET = 'another-test-session-secret-that-is-long-enough';

/** A valid production-like configuration: one loopback instance, state in memory. */
export const TEST_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  NODE_ENV: 'production',
  APP_URL: 'http://localhost:3000',
  SESSION_SECRET: TEST_SESSION_SECRET,
  KEYCLOAK_ISSUER: 'http://127.0.0.1:9/realms/demo',
  KEYCLOAK_CLIENT_ID: 'app',
  KEYCLOAK_CLIENT_SECRET: 'secret',
  STORE: 'memory',
});

export type SessionStorageMode = 'cookie' | 'server';

/** Both session storages, in the order the suites run them. */
export const SESSION_STORAGE_MODES: readonly SessionStorageMode[] = ['cookie', 'server'];

function sessionStorageMode(value: string | undefined): SessionStorageMode {
  if (value === undefined || value === '' || value === 'cookie') return 'cookie';
  if (value === 'server') return 'server';
  throw new Error(`TEST_SESSION_STORAGE=${value}: expected cookie or server`);
}

/**
 * Where the app servers a suite starts keep their sessions: TEST_SESSION_STORAGE=cookie (the
 * product's default; also when unset) or server (SESSION_STORAGE=server, on a Redis the kit
 * starts). The integration and e2e suites run once in each (docs/testing.md); TEST_VARIABLES
 * above stay the cookie default, as the unit tests run once.
 */
export const SESSION_STORAGE_MODE: SessionStorageMode = sessionStorageMode(process.env.TEST_SESSION_STORAGE);
export const SERVER_SESSIONS = SESSION_STORAGE_MODE === 'server';
