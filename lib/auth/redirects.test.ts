import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './redirects';

const APP = 'https://app.example.com';

/** Open-redirect payloads (RFC 9700 4.11): each must stay on the origin, i.e. become a local path. */
const hosts = ['evil.example', 'evil.example:443', 'app.example.com.evil.example', '127.0.0.1', '[::1]', 'аpp.example.com' /* Cyrillic a */];
const payloads = [
  ...hosts.flatMap((host) => [
    `//${host}`,
    `///${host}`,
    `/\\${host}`,
    `\\\\${host}`,
    `/\\/${host}`,
    `https://${host}`,
    `http:${host}`,
    `https:/${host}`,
    `//${host}/%2e%2e`,
    `/%2f${host}`,
    `/%5c${host}`,
    `%2f%2f${host}`,
    `//user@${host}`,
    `https://app.example.com@${host}`,
    `/ /${host}`,
    `\t//${host}`,
    `/\t/${host}`,
    `/\r\n/${host}`,
    ` //${host}`,
    `//${host}%00`,
    `／／${host}` /* fullwidth solidus */,
  ]),
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  '/javascript:alert(1)//',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '/auth/login/keycloak?returnTo=//evil.example',
  '/auth/logout',
  '',
  'x'.repeat(3000),
];

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
