import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { stopProcessGroup } from '../../dev/keycloak/processes';
import { DEV_CLI_CLIENT_ID, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import { KeycloakLoginPage } from '../kit/pages/keycloak-login-page';
import { keycloakSuite } from './support/fixtures';

/**
 * `npm run device-login` (RFC 8628) against Keycloak: the script prints Keycloak's verification
 * link, a person opens it in a browser and signs in, and the script prints the verified claims.
 */
const kc = keycloakSuite();

test.describe('npm run device-login against Keycloak', () => {
  test("prints Keycloak's link and code, and once alice approves in the browser, her verified claims", async ({ page }) => {
    test.setTimeout(120_000);
    const child = spawn('npm', ['run', '--silent', 'device-login'], {
      env: { ...process.env, NODE_ENV: 'development', KEYCLOAK_ISSUER: kc.issuer, KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => /\(or open (\S+)\)/.exec(stdout)?.[1], { timeout: 30_000, message: `no link printed; stderr: ${stderr}` }).toBeTruthy();
      expect(stdout).toMatch(new RegExp(`To sign in, open ${kc.issuer}/device\\nand enter the code: [A-Z]{4}-[A-Z]{4}`));
      const link = /\(or open (\S+)\)/.exec(stdout)![1]!;
      expect(link).toMatch(new RegExp(`^${kc.issuer}/device\\?user_code=[A-Z]{4}-[A-Z]{4}$`));
      // Keycloak's own answers: a 5-second polling interval and a 10-minute code (realm defaults).
      expect(stdout).toContain('polling every 5 s, the code expires in 10 min');

      await page.goto(link);
      await new KeycloakLoginPage(page).signIn('alice');
      // Keycloak always asks the person to grant a device access (its OAUTH_GRANT step), even for
      // a client without consent required: RFC 8628 5.4, the person must see what they approve.
      await expect(page.getByRole('heading', { name: 'Do you grant these access privileges?' })).toBeVisible();
      await page.getByRole('button', { name: 'Yes' }).click();
      await expect(page).toHaveURL(`${kc.issuer}/device/status`);
      await expect(page.getByText(/Device Login Successful/i)).toBeVisible();

      expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000))])).toBe(0);
      expect(stdout).toContain('Signed in as alice.');
      expect(JSON.parse(stdout.slice(stdout.indexOf('{')))).toMatchObject({ iss: kc.issuer, aud: DEV_CLI_CLIENT_ID, email: 'alice@example.com', preferred_username: 'alice' });
      expect(stderr).not.toMatch(/failed|denied|expired/i);
    } finally {
      await stopProcessGroup(child, 5_000);
    }
  });
});
