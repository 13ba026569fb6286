import { describe, expect, it } from 'vitest';
import { requestCookies } from '../../test/kit/request-cookies';
import { TEST_VARIABLES } from '../../test/kit/variables';
import { nowSeconds } from './clock';
import { parseEnv } from './config';
import { readSealedSession } from './session';
import { cookieHeader, mintSessionCookies } from './testing';

describe('mintSessionCookies (for teams\' own tests)', () => {
  it('mints cookies the product opens as an active session of that person', async () => {
    const cookies = await mintSessionCookies(TEST_VARIABLES, { user: { sub: 'tester', name: 'Test Admin', roles: ['admin'] } });
    const state = await readSealedSession(requestCookies(Object.fromEntries(cookies.map(({ name, value }) => [name, value]))), parseEnv(TEST_VARIABLES), nowSeconds());
    expect(state.status).toBe('active');
    if (state.status !== 'active') return;
    expect(state.session.user).toEqual({ sub: 'tester', name: 'Test Admin', roles: ['admin'] });
    expect(state.session.provider).toBe('keycloak');
    expect(state.session.issuer).toBe(TEST_VARIABLES.KEYCLOAK_ISSUER);
    expect(state.session.tokens.refreshToken).toBeUndefined();
    // The freshness marker too: the proxy leaves the minted session alone, as it does a fresh one.
    expect(cookies.map(({ name }) => name)).toEqual(['app_session', 'app_session_fresh']);
    expect(cookieHeader(cookies)).toMatch(/^app_session=Fe26\.2\*[^;]+; app_session_fresh=1$/);
  });

  it('does not open under another secret', async () => {
    const cookies = await mintSessionCookies({ ...TEST_VARIABLES, SESSION_SECRET: 'some-other-secret-that-is-long-enough-1234' }, { user: { sub: 'tester' } });
    const state = await readSealedSession(requestCookies(Object.fromEntries(cookies.map(({ name, value }) => [name, value]))), parseEnv(TEST_VARIABLES), nowSeconds());
    expect(state.status).not.toBe('active');
  });

  it('refuses what would not work: an unknown provider, server-side sessions kept in the app\'s memory', async () => {
    await expect(mintSessionCookies(TEST_VARIABLES, { user: { sub: 'tester' }, provider: 'nope' })).rejects.toThrow(/no provider nope/);
    await expect(mintSessionCookies({ ...TEST_VARIABLES, SESSION_STORAGE: 'server' }, { user: { sub: 'tester' } })).rejects.toThrow(/SESSION_STORAGE=server/);
  });
});
