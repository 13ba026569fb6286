import { expect, type Page } from '@playwright/test';

/** The local provider's login page. */
export class IdpLoginPage {
  constructor(private readonly page: Page) {}

  async expectVisible(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign in to the demo realm' })).toBeVisible();
  }

  async signIn(username: string, password = username): Promise<void> {
    await this.expectVisible();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel' }).click();
  }
}
