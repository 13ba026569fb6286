import { describe, expect, it } from 'vitest';
import { OPEN_REDIRECT_PAYLOADS as payloads } from '../../../test/kit/open-redirect-payloads';
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from './return-to';

const APP = 'https://app.example.com';

describe('safeReturnTo', () => {
  it(`keeps ${payloads.length} hostile payloads on the origin`, () => {
    expect(payloads.length).toBeGreaterThanOrEqual(100);
    for (const payload of payloads) {
      const result = safeReturnTo(payload, APP);
      expect(result.startsWith('/') && !result.startsWith('//'), payload).toBe(true);
      expect(new URL(result, APP).origin, payload).toBe(APP);
    }
  });

  it.each([
    ['/dashboard', '/dashboard'],
    ['/dashboard?tab=roles#top', '/dashboard?tab=roles#top'],
    ['/a/../dashboard', '/dashboard'],
    ['/%2e%2e/dashboard', '/dashboard'],
  ])('keeps the local path %s', (input, expected) => {
    expect(safeReturnTo(input, APP)).toBe(expected);
  });

  it.each([null, undefined, 'dashboard', '//evil.example', '/\\evil.example', '/auth/callback/x', '/.//evil.example/x', '/a/..//evil.example', '/%2e//evil.example'])(
    'turns %s into /',
    (input) => {
      expect(safeReturnTo(input, APP)).toBe('/');
    },
  );

  it('re-checks the normalized path: dot segments cannot produce a scheme-relative URL', () => {
    // "/.//evil.example/x" resolves to the path "//evil.example/x"; a caller that did not prefix
    // APP_URL would redirect off-site.
    expect(new URL('/.//evil.example/x', APP).pathname).toBe('//evil.example/x');
    expect(safeReturnTo('/.//evil.example/x', APP)).toBe('/');
  });

  it(`keeps a destination of up to ${MAX_RETURN_TO_LENGTH} characters, and sends a longer one to /`, () => {
    const fits = `/${'a'.repeat(MAX_RETURN_TO_LENGTH - 1)}`;
    expect(safeReturnTo(fits, APP)).toBe(fits);
    expect(safeReturnTo(`${fits}b`, APP)).toBe('/');
    // Measured after normalization: percent-encoding can lengthen what arrives.
    expect(safeReturnTo(`/${'é'.repeat(300)}`, APP)).toBe('/');
  });
});
