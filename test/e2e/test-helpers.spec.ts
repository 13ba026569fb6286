import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { nowSeconds } from '../../lib/auth/clock';
import { parseEnv } from '../../lib/auth/config';
import { readSealedSession } from '../../lib/auth/session';
import { mintSessionCookies } from '../../lib/auth/testing';
import { AppPages } from '../kit/pages/app-pages';
import { requestCookies } from '../kit/request-cookies';
import { SIGNED_IN_STATE, SIGNED_IN_USER, signedInTest } from '../kit/signed-in';
import { IDP_URL, SESSIONS_OUT_OF_REACH, appEnv } from './servers';

/**
 * The helpers a team uses in its own tests (docs/extending.md): a session minted with the
 * product's seal, and the setup project's saved sign-in, carried forward across refreshes.
 */
function providerRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(IDP_URL)) seen.push(request.url());
  });
  return seen;
}

test('a minted session opens the dashboard as that person, without the provider', async ({ page, context, baseURL }) => {
  test.skip(Boolean(SESSIONS_OUT_OF_REACH), SESSIONS_OUT_OF_REACH);
  const cookies = await mintSessionCookies(appEnv, { user: { sub: 'minted-admin', name: 'Minted Admin', email: 'minted@example.com', roles: ['admin', 'user'] } });
  await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL })));
  const toProvider = providerRequests(page);
  await page.goto('/dashboard');
  await new AppPages(page).expectDashboardFor('Minted Admin', 'minted@example.com', ['admin', 'user']);
  expect(toProvider).toEqual([]);
});

/** The access token's expiry a refresh in the first test gave; the second checks the saved state has it. */
let renewedExpiry = 0;

signedInTest('the saved sign-in opens the dashboard without the provider, and survives a refresh', async ({ page }) => {
  const app = new AppPages(page);
  const toProvider = providerRequests(page);
  await page.goto('/dashboard');
  await app.expectDashboardFor(SIGNED_IN_USER.name, SIGNED_IN_USER.email, SIGNED_IN_USER.roles);
  expect(toProvider).toEqual([]);
  // The e2e provider's access tokens live 10 s: wait for the proxy to refresh (rotating the refresh token).
  const before = await app.accessTokenExpiresAt();
  await app.waitForNewAccessToken(before, 20_000);
  renewedExpiry = await app.accessTokenExpiresAt();
});

signedInTest('the next test starts from the refreshed session, not the first one (whose refresh token is spent)', async ({ page }) => {
  test.skip(Boolean(SESSIONS_OUT_OF_REACH), SESSIONS_OUT_OF_REACH);
  expect(renewedExpiry).toBeGreaterThan(0);
  const saved = JSON.parse(await readFile(SIGNED_IN_STATE, 'utf8')) as { cookies: { name: string; value: string }[] };
  const state = await readSealedSession(requestCookies(Object.fromEntries(saved.cookies.map(({ name, value }) => [name, value]))), parseEnv(appEnv), nowSeconds());
  expect(state.status).toBe('active');
  expect(state.status === 'active' && state.session.tokens.expiresAt).toBeGreaterThanOrEqual(renewedExpiry);
  await page.goto('/dashboard');
  await new AppPages(page).expectDashboardFor(SIGNED_IN_USER.name, SIGNED_IN_USER.email, SIGNED_IN_USER.roles);
});
