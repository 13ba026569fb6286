import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEnv } from '../../test/kit/env';
import { sampleSession } from '../../test/kit/session';
import { callApi } from './call-api';

afterEach(() => vi.restoreAllMocks());

describe('callApi', () => {
  it("never sends a token to an API that does not trust its issuer (a Google user's token stays home)", async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const env = testEnv({ GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 's', DEMO_API_URL: 'http://127.0.0.1:9' });
    for (const name of ['me', 'invoices'] as const) {
      expect(await callApi(name, sampleSession({ provider: 'google' }), env)).toEqual({ status: 403, body: { error: 'provider_not_accepted' } });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers 503 api_not_configured without DEMO_API_URL (production has no default)', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    expect(await callApi('me', sampleSession(), testEnv())).toEqual({ status: 503, body: { error: 'api_not_configured' } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
