import { expect, test } from '@playwright/test';
import { nowSeconds } from '../../lib/auth/clock';
import { isHandle } from '../../lib/auth/session';
import { AppPages } from '../kit/pages/app-pages';
import { idpStats } from '../kit/idp';
import { HANDLE_COOKIE_BYTES } from '../kit/session-storage';
import { SERVER_SESSIONS } from '../kit/variables';
import { ACCESS_TOKEN_TTL, IDP_URL, ISSUER } from './servers';

test.describe('signing in', () => {
  test('a person signs in and sees their claims and expiries', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
    await expect(page.getByTestId('provider')).toHaveText('Keycloak');
    // Shown in the reader's local time once hydrated; the instant itself is in the markup.
    const now = nowSeconds();
    expect(Number(await page.getByTestId('session-expires').getAttribute('data-epoch'))).toBeGreaterThan(now);
    expect(await app.accessTokenExpiresAt()).toBeGreaterThan(now);
    expect(await app.accessTokenExpiresAt()).toBeLessThanOrEqual(now + ACCESS_TOKEN_TTL + 2);
  });

  test('an anonymous visit to /dashboard goes through sign-in and comes back', async ({ page }) => {
    const app = new AppPages(page);
    await page.goto('/dashboard');
    await app.chooseProvider('Keycloak');
    await app.idp.signIn('bob');
    await expect(page).toHaveURL(/\/dashboard$/);
    await app.expectDashboardFor('Bob Example', 'bob@example.com', ['user']);
  });

  test('a reload keeps the session', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('bob');
    await page.reload();
    await app.expectDashboardFor('Bob Example', 'bob@example.com', ['user']);
    const session = await page.request.get('/auth/session');
    expect(session.status()).toBe(200);
    expect(session.headers()['cache-control']).toBe('no-store');
    const body = (await session.json()) as Record<string, unknown>;
    expect(body).toEqual({
      user: { sub: expect.any(String), name: 'Bob Example', email: 'bob@example.com', roles: ['user'] },
      provider: 'keycloak',
      providerLabel: 'Keycloak',
      expiresAt: expect.any(Number),
    });
  });

  test('two tabs can sign in at once', async ({ context }) => {
    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto('/dashboard');
    await new AppPages(first).chooseProvider('Keycloak');
    await second.goto('/dashboard');
    await new AppPages(second).chooseProvider('Keycloak');
    await new AppPages(second).idp.signIn('bob');
    await expect(second).toHaveURL(/\/dashboard$/);
    await new AppPages(first).idp.signIn('alice');
    await expect(first).toHaveURL(/\/dashboard$/);
    await expect(first.getByTestId('user-name')).toHaveText('Alice Example');
  });

  test('cancelling at the provider lands on a clear error page, signed out', async ({ page }) => {
    const app = new AppPages(page);
    await page.goto('/');
    await app.chooseProvider('Keycloak');
    await app.idp.cancel();
    await expect(page).toHaveURL(/\/auth\/error\?code=access_denied$/);
    await expect(page.getByRole('heading', { name: 'Sign-in was cancelled' })).toBeVisible();
    expect((await page.request.get('/auth/session')).status()).toBe(401);
  });
});

test.describe('the session stays on the server', () => {
  test('session cookies are HttpOnly and no token string reaches the page', async ({ page, context }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    const { lastIssued } = (await idpStats(page.request, IDP_URL)).demo;
    const tokens = [lastIssued.access_token, lastIssued.refresh_token, lastIssued.id_token];
    expect(tokens.every((token) => typeof token === 'string' && token.length > 20)).toBe(true);

    const cookies = await context.cookies();
    const sessionCookies = cookies.filter((cookie) => cookie.name.startsWith('app_session'));
    expect(sessionCookies.map((cookie) => cookie.name)).toContain('app_session');
    for (const cookie of sessionCookies) {
      expect(cookie.httpOnly, cookie.name).toBe(true);
      expect(cookie.sameSite, cookie.name).toBe('Lax');
      expect(cookie.value.length + cookie.name.length, cookie.name).toBeLessThan(4096);
    }
    const bytes = sessionCookies.reduce((sum, cookie) => sum + cookie.name.length + 1 + cookie.value.length, 0);
    // With server-side sessions the cookie is the handle that names the session, and nothing of it.
    if (SERVER_SESSIONS) {
      expect(isHandle(sessionCookies.find((cookie) => cookie.name === 'app_session')?.value ?? '')).toBe(true);
      expect(bytes).toBeLessThanOrEqual(HANDLE_COOKIE_BYTES);
    }
    test.info().annotations.push({ type: 'session cookies', description: `${sessionCookies.length} cookies, ${bytes} bytes in the Cookie header` });
    console.log(`[measure] session cookies after sign-in: ${sessionCookies.map((cookie) => `${cookie.name}=${cookie.value.length}B`).join(', ')}; ${bytes} bytes total`);

    const html = await page.content();
    const sessionJson = await (await page.request.get('/auth/session')).text();
    const documentCookie = await page.evaluate(() => document.cookie);
    for (const token of tokens as string[]) {
      expect(html).not.toContain(token);
      expect(sessionJson).not.toContain(token);
      expect(documentCookie).not.toContain(token);
    }
    // Nothing JWT-shaped either, whichever token it might be.
    expect(html).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    expect(documentCookie).toBe('');
  });
});

test.describe('refresh', () => {
  test(`with ${ACCESS_TOKEN_TTL}-second access tokens, the token is refreshed without the person noticing`, async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    const firstExpiry = await app.accessTokenExpiresAt();
    const before = (await idpStats(page.request, IDP_URL)).demo.grants.refresh_token ?? 0;
    await app.waitForNewAccessToken(firstExpiry, ACCESS_TOKEN_TTL * 3 * 1000);
    await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
    expect((await idpStats(page.request, IDP_URL)).demo.grants.refresh_token ?? 0).toBeGreaterThan(before);
    // Past the first token's expiry the page still renders from a valid session.
    await expect.poll(nowSeconds, { timeout: ACCESS_TOKEN_TTL * 2 * 1000 }).toBeGreaterThan(firstExpiry);
    await page.reload();
    await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
  });
});

test.describe('signing out', () => {
  test('sign-out ends the session here and at the provider', async ({ page, context }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    await app.signOut();
    // Back from the provider's end_session_endpoint, with the state we sent it.
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/\?state=[\w-]+$/);
    await app.expectSignedOut();
    expect((await context.cookies()).filter((cookie) => cookie.name.startsWith('app_session'))).toEqual([]);
    expect((await page.request.get('/auth/session')).status()).toBe(401);
    // The provider forgot us too: signing in again asks for credentials.
    await app.chooseProvider('Keycloak');
    await app.idp.expectVisible();
  });

  test('a cross-site sign-out request is refused and the session survives', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('bob');
    const response = await page.request.post('/auth/logout', { headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect((await page.request.get('/auth/session')).status()).toBe(200);
  });
});

test.describe('when the provider ends the grant', () => {
  test('the next refresh gets invalid_grant: signed out here and asked to sign in, once', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('bob');
    // As if bob signed out of another app of the realm: the provider revokes the grant.
    await page.goto(`${ISSUER}/session/end`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
    // Until the refresh is due the page still renders; then the session ends and sign-in starts
    // (with several providers configured, at the chooser, which brings the person back).
    await expect
      .poll(
        async () => {
          await page.goto('/dashboard');
          return new URL(page.url()).pathname + new URL(page.url()).search;
        },
        { timeout: ACCESS_TOKEN_TTL * 3 * 1000, intervals: [1000] },
      )
      .toBe('/?returnTo=%2Fdashboard');
    await app.expectSignedOut();
    expect((await page.request.get('/auth/session')).status()).toBe(401);
  });
});

test.describe('refresh-ahead costs nothing on ordinary requests', () => {
  test('with a fresh marker no auth cookie is written; without it the proxy puts it back', async ({ page, context, playwright, baseURL }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    // Requests with cookie jars of their own, made from a snapshot of the browser's cookies. The
    // open dashboard keeps requesting in the background (Next prefetches its links right after
    // hydration); sharing its jar, one of those prefetches would put the marker back between
    // removing it and the request meant to run without it.
    const { cookies } = await context.storageState();
    const client = (jar: typeof cookies) => playwright.request.newContext({ baseURL, storageState: { cookies: jar, origins: [] } });
    const withMarker = await client(cookies);
    const withoutMarker = await client(cookies.filter((cookie) => cookie.name !== 'app_session_fresh'));
    try {
      expect(cookies.map((cookie) => cookie.name)).toContain('app_session_fresh');
      const ordinary = await withMarker.get('/dashboard', { maxRedirects: 0 });
      expect(ordinary.status()).toBe(200);
      expect(ordinary.headers()['set-cookie']).toBeUndefined();
      const checked = await withoutMarker.get('/dashboard', { maxRedirects: 0 });
      expect(checked.status()).toBe(200);
      expect(checked.headers()['set-cookie']).toMatch(/^app_session_fresh=1;.*Max-Age=\d+;.*HttpOnly/i);
    } finally {
      await Promise.all([withMarker.dispose(), withoutMarker.dispose()]);
    }
  });
});

test.describe('two tabs and rotating refresh tokens', () => {
  test('both tabs stay signed in across several refreshes', async ({ context, page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    const second = await context.newPage();
    await second.goto('/dashboard');
    const before = (await idpStats(page.request, IDP_URL)).demo.grants.refresh_token ?? 0;
    const landed: string[] = [];
    // Reload both tabs at once until the provider has rotated the refresh token twice: each
    // round sends the same cookies from two tabs concurrently.
    await expect
      .poll(
        async () => {
          await Promise.all([page.reload(), second.reload()]);
          landed.push(new URL(page.url()).pathname, new URL(second.url()).pathname);
          return ((await idpStats(page.request, IDP_URL)).demo.grants.refresh_token ?? 0) - before;
        },
        { timeout: ACCESS_TOKEN_TTL * 5 * 1000, intervals: [1000] },
      )
      .toBeGreaterThanOrEqual(2);
    expect(landed.every((path) => path === '/dashboard'), landed.join(' ')).toBe(true);
    await expect(second.getByTestId('user-name')).toHaveText('Alice Example');
    expect((await page.request.get('/auth/session')).status()).toBe(200);
  });
});
