import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';

/**
 * The client side of the session (lib/auth/react): <SessionProvider> and useSession() on the one
 * page that uses them, bffFetch() turning a 401 into a sign-in prompt, a sign-out reaching every
 * tab, and pages without them shipping no auth JavaScript at all.
 */

/** Strings that only lib/auth/react's bundle contains (its channel and event names). */
const AUTH_CLIENT_MARKERS = ['auth:session', 'auth:sign-in-required'];

/** Every script the page loaded: its URL and body. */
async function scriptsOf(page: Page, path: string): Promise<{ url: string; body: Buffer }[]> {
  const scripts: Promise<{ url: string; body: Buffer }>[] = [];
  const collect = (response: import('@playwright/test').Response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.body().then((body) => ({ url: response.url(), body })));
  };
  page.on('response', collect);
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  page.off('response', collect);
  return Promise.all(scripts);
}

test('pages without the session provider load no auth JavaScript; the dashboard does (sizes measured)', async ({ page }) => {
  const app = new AppPages(page);
  const home = await scriptsOf(page, '/');
  const hasAuthCode = (scripts: { body: Buffer }[]) => scripts.filter(({ body }) => AUTH_CLIENT_MARKERS.some((marker) => body.includes(marker)));
  expect(hasAuthCode(home)).toEqual([]);
  await app.signIn('alice');
  const admin = await scriptsOf(page, '/admin');
  expect(hasAuthCode(admin)).toEqual([]);
  const dashboard = await scriptsOf(page, '/dashboard');
  const authChunks = hasAuthCode(dashboard);
  expect(authChunks.length).toBeGreaterThan(0);
  const gzip = (scripts: { body: Buffer }[]) => scripts.reduce((sum, { body }) => sum + gzipSync(body).length, 0);
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log(
    `[measure] client JS (gzip): home ${kib(gzip(home))} KiB in ${home.length} files, admin ${kib(gzip(admin))} KiB, dashboard ${kib(gzip(dashboard))} KiB; the chunk(s) with lib/auth/react: ${authChunks.length}, ${kib(gzip(authChunks))} KiB gzip`,
  );
});

test('a sign-out in one tab signs out the others (BroadcastChannel)', async ({ context }) => {
  const first = await context.newPage();
  const app = new AppPages(first);
  await app.signIn('alice');
  const second = await context.newPage();
  await second.goto('/dashboard');
  await expect(second.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  // The header's plain sign-out form, in the first tab: the provider on that page tells the others.
  await app.signOut();
  await expect(second).toHaveURL(/\/$/);
  await new AppPages(second).expectSignedOut();
});

test('an API call answered 401 becomes a sign-in prompt that comes back to this page', async ({ page, context }) => {
  const app = new AppPages(page);
  await app.signIn('bob');
  // The session ends elsewhere (cookies gone) while the page stays open.
  await context.clearCookies();
  const result = await app.callApi('Demo API: who am I?');
  expect(result.status).toBe(401);
  const prompt = page.getByTestId('sign-in-prompt');
  await expect(prompt).toContainText('Your session has ended');
  await expect(prompt.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/?returnTo=%2Fdashboard');
  await prompt.getByRole('button', { name: 'Not now' }).click();
  await expect(prompt).toHaveCount(0);
});

test('the provider knows when the session ends: past its expiry it asks the server again', async ({ page }) => {
  await page.clock.install();
  const app = new AppPages(page);
  await app.signIn('bob');
  const checks: number[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/auth/session') checks.push(response.status());
  });
  // The default idle timeout is a day. The server's clock has not moved, so it answers 200 and
  // the page stays. (A 401 there takes the same path as a sign-out in another tab, tested above;
  // with the browser's clock this far ahead the dashboard's own refresh timer fires as well.)
  await page.clock.fastForward('24:00:05');
  await expect.poll(() => checks).toEqual([200]);
  await expect(page).toHaveURL(/\/dashboard$/);
});
