import { test } from '@playwright/test';
import { AppPages } from './pages/app-pages';

test('zero-configuration `npm run dev`: sign in, reload, sign out', async ({ page }) => {
  const app = new AppPages(page);
  await app.signIn('alice');
  await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
  await page.reload();
  await app.expectDashboardFor('Alice Example', 'alice@example.com', ['admin', 'user']);
  await app.signOut();
  await app.expectSignedOut();
});
