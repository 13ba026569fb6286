import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './same-origin';

const APP = 'https://app.example.com';

describe('isSameOriginRequest', () => {
  it.each([
    [{ 'sec-fetch-site': 'same-origin', origin: APP }, true],
    [{ origin: APP }, true],
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ 'sec-fetch-site': 'cross-site', origin: APP }, false],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://other.example.com' }, false],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'null' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    [{}, false],
  ])('%o → %s', (headers, expected) => {
    expect(isSameOriginRequest(new Headers(headers), APP)).toBe(expected);
  });
});
