import { expect, type Page } from '@playwright/test';
import { AppPages } from './app-pages';
import { KeycloakLoginPage } from './keycloak-login-page';

/** The app's pages (the e2e suite's page object) with Keycloak's login page in between. */
export class AppWithKeycloak {
  readonly app: AppPages;
  readonly keycloak: KeycloakLoginPage;

  constructor(private readonly page: Page) {
    this.app = new AppPages(page);
    this.keycloak = new KeycloakLoginPage(page);
  }

  /** Home page, "Sign in", Keycloak's form, back on the dashboard. */
  async signIn(username: string): Promise<void> {
    await this.page.goto('/');
    await this.app.chooseProvider();
    await this.keycloak.signIn(username);
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }
}
