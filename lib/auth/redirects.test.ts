import { describe, expect, it } from 'vitest';
import { OPEN_REDIRECT_PAYLOADS as payloads } from '../testing/open-redirect-payloads';
import { safeReturnTo } from './redirects';

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

  it.each([null, undefined, 'dashboard', '//evil.example', '/\\evil.example', '/auth/callback/x'])('turns %s into /', (input) => {
    expect(safeReturnTo(input, APP)).toBe('/');
  });
});
