import { describe, expect, it } from 'vitest';
import { AuthError } from './errors';
import { CLOCK_SKEW, MAX_ID_TOKEN_AGE, checkIdTokenClaims } from './id-token-checks';

const NOW = 1_800_000_000;
const verdict = (claims: Record<string, unknown>) => {
  try {
    checkIdTokenClaims(claims, 'app', NOW);
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
  ])('%o → %s', (claims, expected) => {
    expect(verdict(claims)).toBe(expected);
  });
});
