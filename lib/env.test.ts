import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';
import { testEnv } from './testing/env';

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseEnv', () => {
  it('needs nothing in development: the local provider and a dev secret are filled in', () => {
    const env = parseEnv({ NODE_ENV: 'development' });
    expect(env.APP_URL).toBe('http://localhost:3000');
    expect(env.KEYCLOAK_ISSUER).toBe('http://localhost:4000/realms/demo');
    expect(env.SESSION_SECRET).toHaveLength(1);
    expect(env.SESSION_SECRET[0]!.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses production without secret, APP_URL and a provider, listing every problem at once', () => {
    const listed = problems({ NODE_ENV: 'production' });
    expect(listed).toEqual([expect.stringMatching(/^APP_URL: is required/), expect.stringMatching(/^SESSION_SECRET: is required/), expect.stringMatching(/^providers:/)]);
  });

  it('rejects a short secret and a half-configured provider', () => {
    const listed = problems({ NODE_ENV: 'production', APP_URL: 'https://app.example.com', SESSION_SECRET: 'short', KEYCLOAK_ISSUER: 'https://id.example.com/realms/x' });
    expect(listed.join('\n')).toMatch(/SESSION_SECRET\.0: each secret must be at least 32/);
    expect(listed.join('\n')).toMatch(/KEYCLOAK_ISSUER, KEYCLOAK_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: set all of them together/);
  });

  it.each(['http://id.example.com/realms/x', 'http://10.0.0.5/realms/x', 'ftp://id.example.com'])('refuses the non-loopback or non-https issuer %s', (issuer) => {
    expect(problems({ NODE_ENV: 'production', APP_URL: 'https://a.example', SESSION_SECRET: 'x'.repeat(32), KEYCLOAK_ISSUER: issuer, KEYCLOAK_CLIENT_ID: 'a', KEYCLOAK_CLIENT_SECRET: 'b' }).join()).toMatch(/KEYCLOAK_ISSUER/);
  });

  it.each(['http://localhost:4000/realms/demo', 'http://127.0.0.1:8080', 'http://[::1]:8080/x', 'https://id.example.com/realms/x/'])('accepts the issuer %s and drops a trailing slash', (issuer) => {
    expect(testEnv({ KEYCLOAK_ISSUER: issuer }).KEYCLOAK_ISSUER).toBe(issuer.replace(/\/$/, ''));
  });

  it('rejects an APP_URL with a path, and an idle timeout longer than the absolute lifetime', () => {
    expect(problems({ NODE_ENV: 'production', APP_URL: 'https://a.example/app', SESSION_SECRET: 'x'.repeat(32), SESSION_IDLE_TIMEOUT: '100', SESSION_ABSOLUTE_LIFETIME: '50' }).join('\n')).toMatch(
      /APP_URL: must be an origin[\s\S]*SESSION_IDLE_TIMEOUT: must not exceed/,
    );
  });

  it('reads SESSION_SECRET as a comma-separated list, newest first, each 32+ characters', () => {
    expect(testEnv({ SESSION_SECRET: `${'n'.repeat(32)}, ${'o'.repeat(40)}` }).SESSION_SECRET).toEqual(['n'.repeat(32), 'o'.repeat(40)]);
    expect(problems({ NODE_ENV: 'production', APP_URL: 'https://a.example', SESSION_SECRET: `${'n'.repeat(32)},short`, KEYCLOAK_ISSUER: 'https://id.example', KEYCLOAK_CLIENT_ID: 'a', KEYCLOAK_CLIENT_SECRET: 'b' }).join()).toMatch(
      /SESSION_SECRET.1: each secret must be at least 32 characters/,
    );
  });

  it('reads lifetimes as whole seconds, with defaults', () => {
    const env = testEnv({ SESSION_IDLE_TIMEOUT: '600' });
    expect(env.SESSION_IDLE_TIMEOUT).toBe(600);
    expect(env.SESSION_ABSOLUTE_LIFETIME).toBe(604800);
    expect(env.TOKEN_REFRESH_LEEWAY).toBe(60);
  });
});
