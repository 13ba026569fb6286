import { expect, test } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';

test('zero-configuration `npm run dev`: sign in, call the sample API, reload, sign out', async ({ page }) => {
  const app = new AppPages(page);
  await app.signIn('alice');
  await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
  // `npm run dev` starts the sample resource server too: the dashboard's call works out of the box.
  expect(await app.callApi('Billing: my invoices')).toMatchObject({ status: 200, body: { service: 'billing' } });
  await page.reload();
  await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
  await app.signOut();
  await app.expectSignedOut();
});
