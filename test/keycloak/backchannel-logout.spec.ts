import { expect, test } from '@playwright/test';
import { get } from '../kit/http';
import { readSessionCookie } from '../kit/sealed-cookies';
import { KEYCLOAK_LOGIN, signIn } from '../kit/sign-in';
import { AppWithKeycloak } from '../kit/pages/app-with-keycloak';
import { keycloakSuite } from './support/fixtures';
import { KeycloakAdmin } from './support/keycloak-admin';

/**
 * OIDC Back-Channel Logout sent by Keycloak itself: an administrator ends a person's sessions
 * through Keycloak's admin API, Keycloak posts a logout token to the realm's back-channel URL
 * (APP_URL, instance `a`), and every instance sharing the store sees the session as ended.
 */
const kc = keycloakSuite();
const admin = new KeycloakAdmin(kc);

async function sessionStatus(instance: string, cookie: string): Promise<number> {
  return (await get(`${instance}/auth/session`, { cookie, follow: true })).status;
}

test.describe("back-channel logout from Keycloak's admin API", () => {
  test('the app session ends on its next request, on both instances', async () => {
    const instances = [kc.instances.a, ...(kc.instances.b ? [kc.instances.b] : [])];
    const since = Date.now();
    const jar = await signIn(kc.appUrl, 'bob', { form: KEYCLOAK_LOGIN });
    const { sid } = await readSessionCookie(jar, kc.appUrl);
    const cookie = jar.header(kc.appUrl);
    expect(await Promise.all(instances.map((instance) => sessionStatus(instance, cookie)))).toEqual(instances.map(() => 200));

    await admin.logoutUser('bob');
    // Keycloak delivers the logout token before the admin call returns; a short bound covers a slow hop.
    await expect.poll(() => Promise.all(instances.map((instance) => sessionStatus(instance, cookie))), { timeout: 10_000 }).toEqual(instances.map(() => 401));
    // The logout token did it, not a refresh refused after the logout: none was attempted.
    const refreshes = await admin.events(['REFRESH_TOKEN', 'REFRESH_TOKEN_ERROR'], since);
    expect(refreshes.filter((event) => event.sessionId === sid)).toEqual([]);
    if (!kc.redis) test.info().annotations.push({ type: 'notice', description: 'redis-server missing: only one instance was checked' });
  });

  test("in the browser: the next page load lands on Keycloak's login form", async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('alice');
    await admin.logoutUser('alice');
    // The app's session is over (back-channel), and so is Keycloak's: the password is asked again.
    await page.reload();
    await flow.keycloak.expectVisible();
    expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(`${kc.appUrl}/auth/callback/keycloak`);
    expect((await page.request.get('/auth/session')).status()).toBe(401);
  });
});
