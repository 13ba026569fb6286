import type { Session } from '../auth/session';

export const NOW = 1_800_000_000;

/** A valid session issued at NOW; override what a test is about. */
export function sampleSession(overrides: Partial<Session> = {}): Session {
  return {
    v: 1,
    provider: 'keycloak',
    user: { sub: 'user-1', name: 'Alice', email: 'alice@example.com', roles: ['user'] },
    tokens: { accessToken: 'access', refreshToken: 'refresh', idToken: 'id', expiresAt: NOW + 300, refreshAt: NOW + 240 },
    createdAt: NOW,
    touchedAt: NOW,
    ...overrides,
  };
}
