import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { freePort } from '../../../test/kit/ports';
import { NOW, sampleSession } from '../../../test/kit/session';
import { refreshKey, refreshSession } from './refresh';

/**
 * A provider whose discovery works and whose token endpoint never answers: the refresh must be
 * abandoned after PROVIDER_TIMEOUT and read as "unavailable", keeping the session.
 */
let server: Server;
let issuer: string;
let tokenCalls = 0;

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}/realms/hang`;
  server = createServer((req, res) => {
    if (req.url === '/realms/hang/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] }));
      return;
    }
    if (req.url === '/realms/hang/token') tokenCalls += 1; // and never answer
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('refreshSession', () => {
  it('abandons a refresh that hangs after PROVIDER_TIMEOUT, and shares that one attempt', async () => {
    const env = testEnv({ KEYCLOAK_ISSUER: issuer, PROVIDER_TIMEOUT: '1' });
    const session = sampleSession({ tokens: { ...sampleSession().tokens, refreshToken: 'hang-token' } });
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => refreshSession(session, env, NOW)));
    const elapsed = Date.now() - started;
    expect(outcomes).toEqual(Array.from({ length: 5 }, () => ({ kind: 'unavailable', cause: 'provider' })));
    expect(tokenCalls).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
  });

  it('keys by a hash of the refresh token, never the token itself', () => {
    expect(refreshKey('secret-refresh-token')).not.toContain('secret');
    expect(refreshKey('secret-refresh-token')).toMatch(/^[\w-]{43}$/);
  });

  it('ends a session that has no refresh token', async () => {
    expect(await refreshSession(sampleSession({ tokens: { accessToken: 'a', expiresAt: NOW, refreshAt: NOW, type: 'Bearer' } }), testEnv(), NOW)).toEqual({ kind: 'ended', reason: 'no refresh token' });
  });
});
