import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { DEV_CLI_CLIENT_ID } from '../../dev/defaults';
import { AppPages } from '../kit/pages/app-pages';
import { APP_URL, ISSUER } from './servers';

/**
 * Every page of the app and of the local provider, as a new user meets them: a screenshot at
 * 1280 and 390 px wide, light and dark (test artifacts, never committed), no horizontal
 * overflow, no console error, and no serious or critical axe-core violation in any of the four.
 */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const THEMES = ['light', 'dark'] as const;

interface Watch {
  errors: string[];
  /** Documents answered with an error status on purpose (a 404 page): Chromium logs those as console errors. */
  expectedFailures: Set<string>;
}

function watch(page: Page): Watch {
  const state: Watch = { errors: [], expectedFailures: new Set() };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (/^Failed to load resource: the server responded with a status of [45]\d\d/.test(message.text()) && state.expectedFailures.has(url)) return;
    state.errors.push(`${message.text()} (${url || page.url()})`);
  });
  page.on('pageerror', (error) => state.errors.push(`uncaught: ${error.message} (${page.url()})`));
  return state;
}

/** Opens `path` expecting `status`; a 4xx/5xx document's own console line is then not a failure. */
async function open(page: Page, state: Watch, url: string, status = 200): Promise<void> {
  const absolute = new URL(url, APP_URL).toString();
  if (status >= 400) state.expectedFailures.add(absolute);
  const response = await page.goto(absolute);
  expect(response?.status(), url).toBe(status);
}

/** The four looks of the page as it is now: screenshot, overflow, axe. */
async function capture(page: Page, state: Watch, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const label = `${name} at ${size.width} px, ${colorScheme}`;
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect.soft(overflow, `${label}: horizontal overflow (px)`).toBeLessThanOrEqual(0);
      // In test-results/ (emptied by the next Playwright run, such as npm run test:e2e's second
      // one) and attached, so the HTML report (playwright-report/) keeps them too.
      const file = `${name}-${size.width}-${colorScheme}.png`;
      // Switching the theme starts the buttons' colour transitions: finish them first, so the
      // screenshot (and axe after it) sees the page as it settles, not halfway between themes.
      await page.screenshot({ path: testInfo.outputPath(file), fullPage: true, animations: 'disabled' });
      await testInfo.attach(file, { path: testInfo.outputPath(file), contentType: 'image/png' });
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      expect.soft(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`), `${label}: axe`).toEqual([]);
    }
  }
  await page.setViewportSize(SIZES[0]!);
  await page.emulateMedia({ colorScheme: 'light' });
  expect.soft(state.errors, `${name}: console errors`).toEqual([]);
  state.errors.length = 0;
}

/** The real 503 page (lib/auth/next/responses.ts), rendered as the route handlers render it. */
function unavailableHtml(code: 'provider_unavailable' | 'store_unavailable'): string {
  const script = `const { unavailablePage } = await import('./lib/auth/next/responses.ts');
const response = unavailablePage({ APP_URL: ${JSON.stringify(APP_URL)} }, ${JSON.stringify(code)});
process.stdout.write(String(response.status) + '\\n' + (await response.text()));`;
  const output = execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  const [status, ...html] = output.split('\n');
  expect(status).toBe('503');
  return html.join('\n');
}

async function newPage(browser: Browser): Promise<{ page: Page; state: Watch; close(): Promise<void> }> {
  const context = await browser.newContext({ baseURL: APP_URL });
  const page = await context.newPage();
  return { page, state: watch(page), close: () => context.close() };
}

// A page looks the same wherever the session is kept: the run with server-side sessions leaves
// these out (playwright.config.ts, @storage-independent), as they take most of a run.
test.describe('every page looks right and passes axe, 1280 and 390 px, light and dark', { tag: '@storage-independent' }, () => {
  test.describe.configure({ timeout: 240_000 });
  test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

  test('signed out: home, 404, sign-in problems, the 503 page', async ({ page }, testInfo) => {
    const state = watch(page);
    await open(page, state, '/');
    await capture(page, state, testInfo, 'home');
    await open(page, state, '/no-such-page', 404);
    await expect(page.getByRole('heading', { name: 'There is no page at this address' })).toBeVisible();
    await capture(page, state, testInfo, 'not-found');
    for (const [code, status, action] of [
      ['login_expired', 400, 'Sign in again'],
      ['access_denied', 403, 'Sign in again'],
      ['provider_unavailable', 503, 'Try again'],
      ['session_too_large', 500, 'Go to the home page'],
      ['no-such-code', 400, 'Sign in again'],
    ] as const) {
      await open(page, state, `/auth/error?code=${code}`, status);
      await expect(page.getByTestId('auth-error').getByRole('link').first()).toHaveText(action);
      await capture(page, state, testInfo, `auth-error-${code}`);
    }
    // The 503 page comes from a route handler as a string; it is served here at the app's origin.
    const html = unavailableHtml('provider_unavailable');
    await page.route(`${APP_URL}/auth/refresh?returnTo=%2Fdashboard`, (route) => route.fulfill({ status: 503, contentType: 'text/html; charset=utf-8', body: html }));
    await open(page, state, '/auth/refresh?returnTo=%2Fdashboard', 503);
    await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '');
    await capture(page, state, testInfo, 'unavailable-503');
  });

  test('signed in: home, dashboard with an API answer, admin, transfers; and 403 for bob', async ({ page, browser }, testInfo) => {
    const state = watch(page);
    const app = new AppPages(page);
    await app.signIn('alice');
    await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    await app.callApi('Billing: my invoices');
    await capture(page, state, testInfo, 'dashboard');
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByTestId('admin-report')).toHaveAttribute('data-status', '200');
    await capture(page, state, testInfo, 'admin');
    await open(page, state, '/transfers');
    await expect(page.getByTestId('transfer-api')).toHaveAttribute('data-status', '200');
    await capture(page, state, testInfo, 'transfers');
    await open(page, state, '/');
    await capture(page, state, testInfo, 'home-signed-in');
    await app.signOut();
    await expect(page.getByTestId('signed-out')).toBeVisible();
    await capture(page, state, testInfo, 'home-signed-out-confirmed');

    const bob = await newPage(browser);
    await new AppPages(bob.page).signIn('bob');
    // The API's 403 comes back as it came; Chromium logs the fetch's status as a console error.
    bob.state.expectedFailures.add(`${APP_URL}/api/reports`);
    expect((await new AppPages(bob.page).callApi('Demo API: admin report')).status).toBe(403);
    await capture(bob.page, bob.state, testInfo, 'dashboard-bob-403');
    await open(bob.page, bob.state, '/admin', 403);
    await capture(bob.page, bob.state, testInfo, 'forbidden');
    await bob.close();
  });

  test('the local provider: sign-in, its errors, sign-out', async ({ page }, testInfo) => {
    const state = watch(page);
    const app = new AppPages(page);
    await open(page, state, '/');
    await app.chooseProvider('Google');
    await app.idp.expectVisible();
    await capture(page, state, testInfo, 'provider-google-login');
    await open(page, state, '/');
    await app.chooseProvider('Keycloak');
    await app.idp.expectVisible();
    await capture(page, state, testInfo, 'provider-login');
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('wrong');
    state.expectedFailures.add(`${page.url()}/login`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Unknown username or wrong password.');
    await capture(page, state, testInfo, 'provider-login-error');
    await app.idp.signIn('alice');
    await expect(page).toHaveURL(/\/dashboard$/);
    // Without an id_token_hint the provider asks before it ends its session.
    await open(page, state, `${ISSUER}/session/end`);
    await expect(page.getByRole('button', { name: 'Yes, sign me out' })).toBeVisible();
    await capture(page, state, testInfo, 'provider-logout-confirm');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
    await capture(page, state, testInfo, 'provider-signed-out');
    await open(page, state, `${ISSUER}/auth?client_id=no-such-client&response_type=code&scope=openid`, 400);
    await capture(page, state, testInfo, 'provider-error');
  });

  test('the device flow pages: wrong code, deny, an abandoned sign-in resumed, success', async ({ page, request }, testInfo) => {
    const state = watch(page);
    const discovery = (await (await request.get(`${ISSUER}/.well-known/openid-configuration`)).json()) as { device_authorization_endpoint: string };
    const newCode = async () => {
      const response = await request.post(discovery.device_authorization_endpoint, { form: { client_id: DEV_CLI_CLIENT_ID, scope: 'openid profile email' } });
      return (await response.json()) as { user_code: string; verification_uri: string };
    };
    const enter = async (code: string) => {
      await page.getByLabel('Code').fill(code);
      await page.getByRole('button', { name: 'Continue' }).click();
    };

    const first = await newCode();
    await open(page, state, first.verification_uri);
    await capture(page, state, testInfo, 'device-code');
    await enter('BBBB-BBBB');
    await expect(page.getByRole('alert')).toContainText('No sign-in is waiting for that code');
    await capture(page, state, testInfo, 'device-code-unknown');
    await enter(first.user_code);
    await expect(page.locator('#user-code')).toHaveText(first.user_code);
    await capture(page, state, testInfo, 'device-confirm');
    await page.getByRole('button', { name: 'No, deny' }).click();
    await expect(page.getByRole('status')).toHaveText('Sign-in denied: nothing was signed in, and your terminal says so too.');
    await capture(page, state, testInfo, 'device-denied');

    // Confirmed, then the login page closed: typing the code again picks the sign-in up.
    const second = await newCode();
    await open(page, state, second.verification_uri);
    await enter(second.user_code);
    await page.getByRole('button', { name: 'Yes, sign it in' }).click();
    await expect(page.getByLabel('Username')).toBeVisible();
    await open(page, state, second.verification_uri);
    await enter(second.user_code);
    await expect(page.getByRole('status')).toContainText('started but not finished');
    await capture(page, state, testInfo, 'device-resume');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Yes, sign it in' }).click();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('alice');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Device signed in' })).toBeVisible();
    await capture(page, state, testInfo, 'device-success');
  });
});

test.describe('the shell and the live session', () => {
  test('the header keeps its height at sign-in and fits a phone', async ({ page }) => {
    const app = new AppPages(page);
    const heights: number[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto('/');
      heights.push((await page.locator('header').boundingBox())?.height ?? 0);
    }
    await app.signIn('alice');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const header = page.locator('header');
      expect((await header.boundingBox())?.height, `${size.width} px`).toBe(heights[SIZES.indexOf(size)]);
      // One line: every link and button of the header sits on the same row.
      const tops = await header.locator('a:visible, button:visible').evaluateAll((elements) => elements.map((element) => Math.round(element.getBoundingClientRect().top + element.getBoundingClientRect().height / 2)));
      expect(new Set(tops).size, `${size.width} px: header rows`).toBe(1);
    }
  });

  test('the access token is refreshed on the server while the dashboard is open, and the page says so', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    const first = await app.accessTokenExpiresAt();
    await expect(page.getByTestId('refresh-status')).toHaveText('');
    // No reload: the countdown asks the server for a fresh render when the refresh is due.
    await expect(page.getByTestId('refresh-status')).toHaveText('Refreshed on the server just now.', { timeout: 30_000 });
    expect(await app.accessTokenExpiresAt()).toBeGreaterThan(first);
    await expect(page).toHaveURL(`${APP_URL}/dashboard`);
  });

  test('the app and the provider have icons: no 404 for /favicon.ico', async ({ request }) => {
    for (const url of [`${APP_URL}/favicon.ico`, `${APP_URL}/icon.svg`, `${new URL(ISSUER).origin}/favicon.ico`]) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(200);
      expect(response.headers()['content-type'], url).toMatch(/^image\//);
    }
  });
});
