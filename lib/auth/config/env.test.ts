import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../../dev/defaults';
import { testEnv } from '../../../test/kit/env';

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
  it('fills in nothing, whatever NODE_ENV says: the zero-configuration values come from npm run dev', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const listed = problems({ NODE_ENV, STORE: 'memory' });
      expect(listed, NODE_ENV).toEqual([expect.stringMatching(/^APP_URL: is required/), expect.stringMatching(/^SESSION_SECRET: is required/), expect.stringMatching(/^providers:/)]);
    }
  });

  it('refuses the secrets npm run dev supplies on any APP_URL that is not loopback, whatever NODE_ENV says', () => {
    const dev = { SESSION_SECRET: DEV_SESSION_SECRET, KEYCLOAK_ISSUER: 'https://id.example.com/realms/x', KEYCLOAK_CLIENT_ID: 'a', KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET, STORE: 'memory' };
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const listed = problems({ ...dev, NODE_ENV, APP_URL: 'https://staging.example.com' }).join('\n');
      expect(listed, NODE_ENV).toMatch(/SESSION_SECRET: is a development value published in this repository/);
      expect(listed, NODE_ENV).toMatch(/KEYCLOAK_CLIENT_SECRET: is a development value/);
    }
    // Also when it hides in a rotation list.
    expect(problems({ ...dev, NODE_ENV: 'production', APP_URL: 'https://a.example', SESSION_SECRET: `${'n'.repeat(40)},${DEV_SESSION_SECRET}` }).join()).toMatch(/SESSION_SECRET: is a development value/);
    // On a loopback origin they are what development runs on.
    expect(problems({ ...dev, NODE_ENV: 'development', APP_URL: 'http://localhost:3000' })).toEqual([]);
  });

  it.each(['http://app.example.com', 'http://10.0.0.5:3000', 'http://staging.internal'])('refuses the plain-http public APP_URL %s (cookies would lose Secure and __Host-)', (appUrl) => {
    expect(problems({ NODE_ENV: 'production', APP_URL: appUrl, SESSION_SECRET: 'x'.repeat(32), STORE: 'memory' }).join()).toMatch(/APP_URL: must be https/);
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://app.example.com'])('accepts the APP_URL %s', (appUrl) => {
    expect(testEnv({ APP_URL: appUrl }).APP_URL).toBe(appUrl);
  });

  it('needs REDIS_URL in production or on a public APP_URL, unless STORE=memory says one instance on purpose', () => {
    const base = { SESSION_SECRET: 'x'.repeat(32), KEYCLOAK_ISSUER: 'https://id.example.com', KEYCLOAK_CLIENT_ID: 'a', KEYCLOAK_CLIENT_SECRET: 'b' };
    expect(problems({ ...base, NODE_ENV: 'production', APP_URL: 'http://localhost:3000' }).join()).toMatch(/REDIS_URL: required in production[\s\S]*STORE=memory/);
    expect(problems({ ...base, NODE_ENV: 'development', APP_URL: 'https://app.example.com' }).join()).toMatch(/REDIS_URL: required/);
    expect(problems({ ...base, NODE_ENV: 'production', APP_URL: 'https://app.example.com', STORE: 'memory' })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'production', APP_URL: 'https://app.example.com', REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'development', APP_URL: 'http://localhost:3000' })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'development', APP_URL: 'http://localhost:3000', STORE: 'redis' }).join()).toMatch(/STORE=redis: needs REDIS_URL/);
  });

  it('reads trusted audiences per provider as a list, empty by default', () => {
    expect(testEnv().providers[0]?.trustedAudiences).toEqual([]);
    expect(testEnv({ KEYCLOAK_TRUSTED_AUDIENCES: 'urn:a, urn:b' }).providers[0]?.trustedAudiences).toEqual(['urn:a', 'urn:b']);
  });

  it('rejects a short secret and a half-configured provider', () => {
    const listed = problems({ NODE_ENV: 'production', APP_URL: 'https://app.example.com', SESSION_SECRET: 'short', KEYCLOAK_ISSUER: 'https://id.example.com/realms/x' });
    expect(listed.join('\n')).toMatch(/SESSION_SECRET\.0: each secret must be at least 32/);
    expect(listed.join('\n')).toMatch(/KEYCLOAK_CLIENT_ID: is required/);
    expect(listed.join('\n')).toMatch(/KEYCLOAK_CLIENT_SECRET: is required/);
  });

  it.each(['http://id.example.com/realms/x', 'http://10.0.0.5/realms/x', 'ftp://id.example.com'])('refuses the non-loopback or non-https issuer %s', (issuer) => {
    expect(problems({ NODE_ENV: 'production', APP_URL: 'https://a.example', SESSION_SECRET: 'x'.repeat(32), KEYCLOAK_ISSUER: issuer, KEYCLOAK_CLIENT_ID: 'a', KEYCLOAK_CLIENT_SECRET: 'b', STORE: 'memory' }).join()).toMatch(/KEYCLOAK_ISSUER/);
  });

  it.each(['http://localhost:4000/realms/demo', 'http://127.0.0.1:8080', 'http://[::1]:8080/x', 'https://id.example.com/realms/x/'])('accepts the issuer %s and drops a trailing slash', (issuer) => {
    expect(testEnv({ KEYCLOAK_ISSUER: issuer }).providers[0]?.issuer).toBe(issuer.replace(/\/$/, ''));
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
