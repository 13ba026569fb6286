import type { Session } from '../../lib/auth/session';

/** The unit tests' frozen clock (epoch seconds): pure functions get it instead of reading the time. */
export const NOW = 1_800_000_000;

/** A valid session issued at NOW; override what a test is about. */
export function sampleSession(overrides: Partial<Session> = {}): Session {
  return {
    v: 2,
    id: 'session-id-0123456789abcdef',
    provider: 'keycloak',
    issuer: 'http://127.0.0.1:9/realms/demo',
    user: { sub: 'user-1', name: 'Alice', email: 'alice@example.com', roles: ['user'] },
    tokens: { accessToken: 'access', refreshToken: 'refresh', idToken: 'id', expiresAt: NOW + 300, refreshAt: NOW + 240, type: 'Bearer' },
    createdAt: NOW,
    touchedAt: NOW,
    ...overrides,
  };
}
