import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from './test/kit/browser';

/**
 * `npm run test:keycloak`: the production build (`npm run build` first) against a real Keycloak
 * (dev/keycloak), started once by the global setup on a free loopback port with the realm file
 * docker-compose.yml uses. Without Java or Maven the suite is skipped with a notice; in CI
 * (CI=true) that is a failure. HTTP-level checks (concurrency, back-channel logout) run in the
 * same specs, so one runner covers the suite. The specs read and re-seal session cookies with the
 * product's own seal, whose modules import 'server-only': the test tsconfig points that marker at
 * the kit's stand-in, as vitest.config.ts's alias does.
 */
export default defineConfig({
  testDir: './test/keycloak',
  tsconfig: './test/tsconfig.playwright.json',
  outputDir: 'test-results/keycloak',
  globalSetup: './test/keycloak/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', launchOptions },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
});
