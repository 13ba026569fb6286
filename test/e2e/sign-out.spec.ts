import { expect, test } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';
import { idpStats } from '../kit/idp';
import { APP_URL, IDP_URL } from './servers';

test.describe('complete sign-out', () => {
  test('ended at the provider from another browser context: the next request here is signed out', async ({ page, browser }) => {
    const app = new AppPages(page);
    await app.signIn('bob');
    const before = (await idpStats(page.request, IDP_URL)).demo.backchannel.delivered;
    // An administrator, elsewhere, signs bob out of every session at the provider.
    const admin = await browser.newContext();
    const ended = (await (await admin.request.post(`${IDP_URL}/__dev/logout?username=bob`)).json()) as { ended: number };
    expect(ended.ended).toBeGreaterThanOrEqual(1);
    await admin.close();
    expect((await idpStats(page.request, IDP_URL)).demo.backchannel.delivered).toBeGreaterThanOrEqual(before + 1);
    await page.reload();
    await expect(page).toHaveURL(`${APP_URL}/?returnTo=%2Fdashboard`);
    await app.expectSignedOut();
  });

  test('back from the provider with our state, the home page confirms the sign-out; with another state it does not', async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    await app.signOut();
    await expect(page.getByTestId('signed-out')).toHaveText('You are signed out, here and at your sign-in provider.');
    await page.goto('/?state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await app.expectSignedOut();
    await expect(page.getByTestId('signed-out')).toHaveCount(0);
  });

  test('"sign out everywhere" ends the sessions on other devices too', async ({ browser }) => {
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const [onLaptop, onPhone] = [await laptop.newPage(), await phone.newPage()];
    await new AppPages(onLaptop).signIn('alice');
    await new AppPages(onPhone).signIn('alice');
    await onLaptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await new AppPages(onLaptop).expectSignedOut();
    await onPhone.reload();
    await expect(onPhone).toHaveURL(`${APP_URL}/?returnTo=%2Fdashboard`);
    expect((await onPhone.request.get('/auth/session')).status()).toBe(401);
    // Signing in again right away works: only sessions from before are ended. The phone's own
    // provider session is still alive (RP-initiated logout ended the laptop's), so no password.
    await new AppPages(onPhone).chooseProvider('Keycloak');
    await expect(onPhone).toHaveURL(/\/dashboard$/);
    await new AppPages(onPhone).expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
    await laptop.close();
    await phone.close();
  });

  test('an admin signs another person out everywhere from the admin page: their next request is signed out', async ({ browser }) => {
    const [adminContext, bobContext] = [await browser.newContext(), await browser.newContext()];
    const [admin, bob] = [await adminContext.newPage(), await bobContext.newPage()];
    await new AppPages(bob).signIn('bob');
    await new AppPages(admin).signIn('alice');
    await admin.goto('/admin');
    // His Keycloak row: earlier specs sign bob in with Google too, which has a row of its own.
    await admin.getByRole('row', { name: /^Bob Example keycloak\b/ }).getByRole('button', { name: 'Sign Bob Example out everywhere' }).click();
    await expect(admin.getByTestId('sessions-ended')).toContainText('Every session of Bob Example in this app has ended');
    // Alice herself is still signed in; Bob is not, on his next request.
    await expect(admin.getByRole('heading', { name: 'Admin' })).toBeVisible();
    await bob.reload();
    await expect(bob).toHaveURL(`${APP_URL}/?returnTo=%2Fdashboard`);
    await new AppPages(bob).expectSignedOut();
    await adminContext.close();
    await bobContext.close();
  });
});
