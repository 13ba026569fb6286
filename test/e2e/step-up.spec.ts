import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../dev/local-provider/accounts';
import { nowSeconds } from '../../lib/auth/clock';
import { mintSessionCookies } from '../../lib/auth/testing';
import { AppPages } from '../kit/pages/app-pages';
import { IDP_URL, SESSIONS_OUT_OF_REACH, appEnv } from './servers';

/**
 * Step-up in the browser: /transfers needs a sign-in within five minutes. A session signed in
 * ten minutes ago (minted with the product's seal, instead of waiting) goes through the
 * provider again with max_age=300, and comes back to the page with a fresh authentication that
 * the API, which asks the same of its token, accepts.
 */
test('a page that needs a recent sign-in sends an older session through the provider, and back to the page', async ({ page, context, baseURL }) => {
  test.skip(Boolean(SESSIONS_OUT_OF_REACH), SESSIONS_OUT_OF_REACH);
  const alice = DEMO_ACCOUNTS.find((account) => account.username === 'alice')!;
  const signedInAt = nowSeconds() - 600;
  const cookies = await mintSessionCookies(appEnv, { user: { sub: alice.sub, name: alice.name, email: alice.email, roles: [...alice.roles] }, authTime: signedInAt });
  await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL })));
  const asked: URL[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.url().startsWith(IDP_URL) && url.searchParams.has('max_age')) asked.push(url);
  });

  await page.goto('/transfers');
  // At the provider: a sign-in, however recent the provider's own session, since max_age asks for one.
  await new AppPages(page).idp.signIn('alice');
  await expect(page).toHaveURL(/\/transfers$/);
  expect(asked.map((url) => url.searchParams.get('max_age'))).toEqual(['300']);
  await expect(page.getByTestId('signed-in-at')).toHaveAttribute('data-epoch', /\d+/);
  expect(Number(await page.getByTestId('signed-in-at').getAttribute('data-epoch'))).toBeGreaterThan(signedInAt + 300);
  await expect(page.getByTestId('transfer-api')).toHaveAttribute('data-status', '200');
});
