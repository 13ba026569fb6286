import { test as setup } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';
import { SIGNED_IN_STATE, SIGNED_IN_USER } from '../kit/signed-in';

/** The setup project (playwright.config.ts): one real sign-in, its browser state saved for signedInTest. */
setup('sign in once', async ({ page }) => {
  await new AppPages(page).signIn(SIGNED_IN_USER.username);
  await page.context().storageState({ path: SIGNED_IN_STATE });
});
