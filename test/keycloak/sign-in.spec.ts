import { expect, test } from '@playwright/test';
import { AppWithKeycloak } from '../kit/pages/app-with-keycloak';
import { keycloakSuite } from './support/fixtures';

const kc = keycloakSuite();

test.describe("signing in through Keycloak's own login page", () => {
  test('alice: realm roles on the dashboard, and /admin opens', async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('alice');
    await flow.app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
    expect((await page.goto('/admin'))?.status()).toBe(200);
  });

  test("bob: his realm role and the app's client role (resource_access), and /admin is 403", async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('bob');
    // `auditor` is a client role of demo-app: it reaches the dashboard only through resource_access.
    await flow.app.expectDashboardFor('Bob Example', 'bob@example.com', ['auditor', 'user']);
    expect((await page.goto('/admin'))?.status()).toBe(403);
  });

  test('the app sent Keycloak a PKCE S256 code flow, and Keycloak answered with RFC 9207 iss', async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    const authorization = page.waitForRequest((request) => request.url().startsWith(`${kc.issuer}/protocol/openid-connect/auth?`));
    const callback = page.waitForRequest((request) => request.url().startsWith(`${kc.appUrl}/auth/callback/keycloak?`));
    await flow.signIn('alice');
    const sent = new URL((await authorization).url()).searchParams;
    expect(Object.fromEntries(['response_type', 'code_challenge_method', 'scope', 'redirect_uri'].map((name) => [name, sent.get(name)]))).toEqual({
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid profile email',
      redirect_uri: `${kc.appUrl}/auth/callback/keycloak`,
    });
    expect(new URL((await callback).url()).searchParams.get('iss')).toBe(kc.issuer);
  });
});
