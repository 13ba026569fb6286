import { describe, expect, it } from 'vitest';
import { BearerError, bearerToken, challenge } from './bearer';

describe('bearerToken (RFC 6750 2.1)', () => {
  it('reads the token from an Authorization: Bearer header', () => {
    expect(bearerToken('Bearer abc.def-ghi_jkl~')).toBe('abc.def-ghi_jkl~');
    expect(bearerToken('bearer abc')).toBe('abc');
  });

  it('treats no header as no credentials: 401 without an error code (RFC 6750 3.1)', () => {
    const error = (() => {
      try {
        bearerToken(undefined);
      } catch (caught) {
        return caught as BearerError;
      }
    })();
    expect(error?.status).toBe(401);
    expect(error?.code).toBeUndefined();
    expect(challenge('demo-api', error)).toBe('Bearer realm="demo-api"');
  });

  it('refuses other schemes, several tokens and stray characters as invalid_request (400)', () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer a,b', 'Bearer "a"', 'Token abc']) {
      expect(() => bearerToken(header), header).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400 }));
    }
  });
});

describe('challenge (RFC 6750 3)', () => {
  it('names the error, a description and, for insufficient_scope, the scope needed', () => {
    expect(challenge('billing', new BearerError('invalid_token', 'the access token has expired'))).toBe('Bearer realm="billing", error="invalid_token", error_description="the access token has expired"');
    expect(challenge('demo-api', new BearerError('insufficient_scope', 'requires the api:service scope', 'api:service'))).toBe(
      'Bearer realm="demo-api", error="insufficient_scope", error_description="requires the api:service scope", scope="api:service"',
    );
  });

  it('maps codes to 400 / 401 / 403', () => {
    expect([new BearerError('invalid_request', '').status, new BearerError('invalid_token', '').status, new BearerError('insufficient_scope', '').status]).toEqual([400, 401, 403]);
  });

  it('cannot be broken out of its quoted-strings', () => {
    expect(challenge('demo-api', new BearerError('invalid_token', 'a"b\\c\r\nd'))).toBe('Bearer realm="demo-api", error="invalid_token", error_description="abcd"');
  });
});
