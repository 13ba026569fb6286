import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEnv } from '../../test/kit/env';
import { sampleSession } from '../../test/kit/session';
import { defineApiTable } from './api-table';
import { callApi } from './call-api';

afterEach(() => vi.restoreAllMocks());

const apis = {
  me: { path: '/api/me', token: { kind: 'user' } },
  invoices: { path: '/billing/invoices', token: { kind: 'exchange', audience: 'urn:billing', scope: 'billing:read' } },
} as const;

describe('callApi', () => {
  it("never sends a token to an API that does not trust its issuer (a Google user's token stays home)", async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const env = testEnv({ GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 's' });
    const table = defineApiTable({ baseUrl: 'http://127.0.0.1:9', acceptsTokensOf: 'keycloak', apis });
    for (const name of ['me', 'invoices'] as const) {
      expect(await callApi(table, name, sampleSession({ provider: 'google' }), env)).toEqual({ status: 403, body: { error: 'provider_not_accepted' } });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers 503 api_not_configured without a base URL (the app read no DEMO_API_URL)', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const table = defineApiTable({ baseUrl: '', acceptsTokensOf: 'keycloak', apis });
    expect(await callApi(table, 'me', sampleSession(), testEnv())).toEqual({ status: 503, body: { error: 'api_not_configured' } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a plain-http base URL off this machine: a bearer token never travels in clear', () => {
    expect(() => defineApiTable({ baseUrl: 'http://api.example.com', acceptsTokensOf: 'keycloak', apis })).toThrow(/must be https/);
    expect(defineApiTable({ baseUrl: 'https://api.example.com/', acceptsTokensOf: 'keycloak', apis }).baseUrl).toBe('https://api.example.com');
  });
});
