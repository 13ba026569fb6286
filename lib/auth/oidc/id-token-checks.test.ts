import { describe, expect, it } from 'vitest';
import { AuthError } from '../errors';
import { NOW } from '../../../test/kit/session';
import { CLOCK_SKEW, MAX_ID_TOKEN_AGE, checkIdTokenClaims } from './id-token-checks';

const verdict = (claims: Record<string, unknown>, trustedAudiences: string[] = [], options: { maxAge?: boolean } = {}) => {
  try {
    checkIdTokenClaims({ aud: 'app', ...claims }, { clientId: 'app', trustedAudiences }, NOW, options);
    return 'ok';
  } catch (error) {
    return error instanceof AuthError ? error.message : 'other';
  }
};

describe('checkIdTokenClaims', () => {
  it.each([
    [{ iat: NOW }, 'ok'],
    [{ iat: NOW + CLOCK_SKEW }, 'ok'],
    [{ iat: NOW - MAX_ID_TOKEN_AGE }, 'ok'],
    [{ iat: NOW + CLOCK_SKEW + 1 }, 'ID token iat is 61 s in the future'],
    [{ iat: NOW - MAX_ID_TOKEN_AGE - 1 }, 'ID token iat is 601 s old'],
    [{}, 'ID token has no iat'],
    [{ iat: NOW, azp: 'app' }, 'ok'],
    [{ iat: NOW, azp: 'other-client' }, 'ID token azp is another client'],
    [{ iat: NOW, aud: ['app'] }, 'ok'],
  ])('%o → %s', (claims, expected) => {
    expect(verdict(claims)).toBe(expected);
  });

  it('refuses an extra audience the client does not trust (OIDC Core 3.1.3.7 step 3), even with azp naming us', () => {
    expect(verdict({ iat: NOW, aud: ['app', 'other-service'], azp: 'app' })).toBe('ID token names 1 audience(s) this client does not trust');
    expect(verdict({ iat: NOW, aud: ['app', 'other-service'], azp: 'app' }, ['other-service'])).toBe('ok');
    expect(verdict({ iat: NOW, aud: ['app', 'other-service', 'third'], azp: 'app' }, ['other-service'])).toBe('ID token names 1 audience(s) this client does not trust');
  });

  it('skips the age check for a refreshed ID token, never the future check', () => {
    expect(verdict({ iat: NOW - MAX_ID_TOKEN_AGE - 1 }, [], { maxAge: false })).toBe('ok');
    expect(verdict({ iat: NOW + CLOCK_SKEW + 1 }, [], { maxAge: false })).toBe('ID token iat is 61 s in the future');
  });
});
