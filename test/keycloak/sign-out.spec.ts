import { expect, test } from '@playwright/test';
import { AppWithKeycloak } from '../kit/pages/app-with-keycloak';
import { keycloakSuite } from './support/fixtures';
import { KeycloakAdmin } from './support/keycloak-admin';

const kc = keycloakSuite();
const admin = new KeycloakAdmin(kc);

test.describe('RP-initiated logout at Keycloak', () => {
  test('sign-out sends id_token_hint, comes back with our state, and ends the Keycloak session: the next sign-in asks for the password', async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('alice');
    const sessionsBefore = await admin.sessionIds('alice');
    const endSession = page.waitForRequest((request) => request.url().startsWith(`${kc.issuer}/protocol/openid-connect/logout?`));
    await flow.app.signOut();
    const sent = new URL((await endSession).url()).searchParams;
    // OIDC RP-Initiated Logout 1.0 section 2: with id_token_hint Keycloak ends the session without asking.
    expect(sent.get('id_token_hint')).toMatch(/^eyJ/);
    expect(sent.get('post_logout_redirect_uri')).toBe(`${kc.appUrl}/`);
    expect(sent.get('state')).toMatch(/^[\w-]{20,}$/);
    await expect(page.getByTestId('signed-out')).toHaveText('You are signed out, here and at your sign-in provider.');
    await flow.app.expectSignedOut();

    // Exactly this browser's Keycloak session ended (other tests' sessions of alice live on). At
    // Keycloak the app's refresh-token revocation (RFC 7009), sent before the redirect, already
    // ends a session whose only client is the app, so the end_session call finds none (Keycloak
    // logs LOGOUT_ERROR session_expired) and sends the browser back with the state all the same.
    const sessionsAfter = await admin.sessionIds('alice');
    expect(sessionsBefore.filter((id) => !sessionsAfter.includes(id))).toHaveLength(1);

    // No single sign-on left: Keycloak shows its login form again.
    await flow.app.chooseProvider();
    await flow.keycloak.expectVisible();
    await flow.keycloak.signIn('alice');
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});
