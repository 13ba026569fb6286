import { parseEnv, type Env } from '../../lib/auth/config/env';

/** A valid production-like configuration; override what a test is about. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({
    NODE_ENV: 'production',
    APP_URL: 'http://localhost:3000',
    SESSION_SECRET: 'unit-test-secret-that-is-long-enough-123',
    KEYCLOAK_ISSUER: 'http://127.0.0.1:9/realms/demo',
    KEYCLOAK_CLIENT_ID: 'app',
    KEYCLOAK_CLIENT_SECRET: 'secret',
    STORE: 'memory',
    ...overrides,
  });
}

/** A cookie jar shaped like Next's request cookies. */
export function jar(cookies: Record<string, string> = {}) {
  return {
    get: (name: string) => (name in cookies ? { value: cookies[name] as string } : undefined),
    getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
  };
}
