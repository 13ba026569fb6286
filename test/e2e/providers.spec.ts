import { expect, test } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';
import { idpStats } from '../kit/idp';
import { ACCESS_TOKEN_TTL, APP_URL, GOOGLE_ISSUER, HOSTED_DOMAIN, IDP_URL, ISSUER, OIDC_NAME } from './servers';

test.describe('several providers at once', () => {
  test('every configured provider has its own button', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: /^Sign in with/ })).toHaveText(['Sign in with Keycloak', 'Sign in with Google', `Sign in with ${OIDC_NAME}`]);
  });

  test('the generic OpenID Connect preset, in the high-security profile: PAR, private_key_jwt and DPoP in the browser', async ({ page }) => {
    const app = new AppPages(page);
    const pushed = page.waitForRequest((request) => request.url().startsWith(`${ISSUER}/auth?`));
    await app.signIn('alice', OIDC_NAME);
    // PAR: the browser carried only client_id and the request_uri the app pushed.
    expect([...new URL((await pushed).url()).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
    await expect(page.getByTestId('provider')).toHaveText(OIDC_NAME);
    // The DPoP-bound token reaches the sample API with a proof (the API refuses it without one).
    expect(await app.callApi('Demo API: who am I?')).toMatchObject({ status: 200, body: { username: 'alice' } });
  });
});

test.describe('Google', () => {
  test('the authorization request asks for offline access with consent, and the Workspace domain', async ({ page }) => {
    const app = new AppPages(page);
    await page.goto('/');
    const authorization = page.waitForRequest((request) => request.url().startsWith(`${GOOGLE_ISSUER}/auth?`));
    await app.chooseProvider('Google');
    const params = new URL((await authorization).url()).searchParams;
    expect(params.get('access_type')).toBe('offline');
    expect(params.get('prompt')).toBe('consent');
    expect(params.get('hd')).toBe(HOSTED_DOMAIN);
    expect(params.get('scope')).toBe('openid profile email');
    expect(params.get('code_challenge_method')).toBe('S256');
    await app.idp.signIn('bob');
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('provider')).toHaveText('Google');
    expect((await idpStats(page.request, IDP_URL)).google.lastIssued.refresh_token).toEqual(expect.any(String));
  });

  test('the session refreshes through the provider that signed the person in', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice', 'Google');
    const firstExpiry = await app.accessTokenExpiresAt();
    const before = await idpStats(page.request, IDP_URL);
    await app.waitForNewAccessToken(firstExpiry, ACCESS_TOKEN_TTL * 3 * 1000);
    const after = await idpStats(page.request, IDP_URL);
    expect(after.google.grants.refresh_token ?? 0).toBeGreaterThan(before.google.grants.refresh_token ?? 0);
    expect(after.demo.grants.refresh_token ?? 0).toBe(before.demo.grants.refresh_token ?? 0);
  });

  test('an unverified email is refused with a clear page, and no session', async ({ page }) => {
    const app = new AppPages(page);
    await page.goto('/');
    await app.chooseProvider('Google');
    await app.idp.signIn('carol');
    await expect(page).toHaveURL(/\/auth\/error\?code=email_unverified$/);
    await expect(page.getByRole('heading', { name: 'Email address not verified' })).toBeVisible();
    expect((await page.request.get('/auth/session')).status()).toBe(401);
  });

  test('an account of another Workspace domain is refused (the signed hd claim decides)', async ({ page }) => {
    const app = new AppPages(page);
    await page.goto('/');
    await app.chooseProvider('Google');
    await app.idp.signIn('dave');
    await expect(page).toHaveURL(/\/auth\/error\?code=domain_not_allowed$/);
    await expect(page.getByRole('heading', { name: 'This account is not allowed here' })).toBeVisible();
    expect((await page.request.get('/auth/session')).status()).toBe(401);
  });

  test('sign-out without an end_session endpoint is local, and revokes the refresh token', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('bob', 'Google');
    const before = (await idpStats(page.request, IDP_URL)).google;
    await app.signOut();
    await expect(page).toHaveURL(`${APP_URL}/`);
    await app.expectSignedOut();
    expect((await page.request.get('/auth/session')).status()).toBe(401);
    const after = (await idpStats(page.request, IDP_URL)).google;
    expect(after.revocations).toBe(before.revocations + 1);
    expect(after.endSessions).toBe(before.endSessions);
  });
});

test.describe('role-based access', () => {
  test('alice (admin) reaches /admin', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Admin' })).toBeVisible();
    await expect(page.getByTestId('admin-user')).toHaveText('Alice Example');
  });

  test('bob (no admin role) gets a 403 page', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('bob');
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible();
  });

  test('an anonymous visitor of /admin goes through sign-in and comes back', async ({ page }) => {
    const app = new AppPages(page);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/\?returnTo=%2Fadmin$/);
    await app.chooseProvider('Keycloak');
    await app.idp.signIn('alice');
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('heading', { name: 'Admin' })).toBeVisible();
  });
});
