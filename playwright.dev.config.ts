import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from './test/kit/browser';
import { DEV_APP_URL } from './dev/defaults';

/**
 * Proves the README's promise: `npm run dev` with zero configuration signs a person in.
 * It runs the very script the README names, on the default ports 3000 and 4000.
 */
export default defineConfig({
  testDir: './test/e2e',
  testMatch: /dev-server\.spec\.ts/,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  timeout: 120_000,
  reporter: [['list']],
  use: { baseURL: DEV_APP_URL, trace: 'retain-on-failure', launchOptions },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
  webServer: {
    command: 'npm run dev',
    url: `${DEV_APP_URL}/`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
