import { test as setup } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';
import { SIGNED_IN_STATE } from '../kit/signed-in';

/** The setup project (playwright.config.ts): one real sign-in, its browser state saved for signedInTest. */
setup('sign in once as alice', async ({ page }) => {
  await new AppPages(page).signIn('alice');
  await page.context().storageState({ path: SIGNED_IN_STATE });
});
