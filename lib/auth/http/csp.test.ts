import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isDocumentRequest, randomNonce } from './csp';

const directive = (policy: string, name: string) => policy.split('; ').find((part) => part.startsWith(`${name} `));

describe('content security policy', () => {
  const production = contentSecurityPolicy({ nonce: 'abc', formActionOrigins: ['https://id.example.com', 'https://id.example.com'], development: false, https: true });

  it('runs scripts only with the nonce, no unsafe-inline or unsafe-eval, no host allow-list', () => {
    expect(directive(production, 'script-src')).toBe(`script-src 'nonce-abc' 'strict-dynamic'`);
    expect(directive(production, 'object-src')).toBe(`object-src 'none'`);
    expect(directive(production, 'base-uri')).toBe(`base-uri 'none'`);
    expect(directive(production, 'frame-ancestors')).toBe(`frame-ancestors 'none'`);
  });

  it('lets forms reach this origin and the configured providers only', () => {
    expect(directive(production, 'form-action')).toBe(`form-action 'self' https://id.example.com`);
    expect(production).not.toMatch(/localhost|\*/);
  });

  it('adds what next dev needs only in development', () => {
    const dev = contentSecurityPolicy({ nonce: 'n', formActionOrigins: [], development: true, https: false });
    expect(directive(dev, 'script-src')).toBe(`script-src 'nonce-n' 'strict-dynamic' 'unsafe-eval'`);
    expect(dev).not.toMatch(/upgrade-insecure-requests/);
  });

  it('makes a new 128-bit nonce every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, randomNonce));
    expect(nonces.size).toBe(100);
    expect([...nonces].every((nonce) => Buffer.from(nonce, 'base64').length === 16)).toBe(true);
  });

  it.each([
    [{ 'sec-fetch-dest': 'document' }, true],
    [{ 'sec-fetch-dest': 'empty', accept: 'text/html' }, false],
    [{ 'sec-fetch-dest': 'script' }, false],
    [{ accept: 'text/html,application/xhtml+xml' }, true],
    [{ accept: '*/*' }, false],
    [{ rsc: '1', accept: 'text/x-component' }, false],
  ])('%o is a document request: %s', (headers, expected) => {
    expect(isDocumentRequest(new Headers(headers))).toBe(expected);
  });
});
