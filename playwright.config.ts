import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from './test/kit/browser';
import { SERVER_SESSIONS } from './test/kit/variables';
import { API_URL, APP_URL, ISSUER, REDIS_PORT, SESSION_REDIS_URL, apiEnv, appEnv, idpEnv } from './test/e2e/servers';

/**
 * End-to-end tests against the production build (`npm run build` first) and the local provider,
 * in the session storage TEST_SESSION_STORAGE names (test/kit/variables.ts; cookie when unset).
 * `npm run test:e2e` runs it with cookie sessions, then through playwright.server-sessions.config.ts,
 * then playwright.dev.config.ts: the zero-configuration `npm run dev`.
 */
export default defineConfig({
  testDir: './test/e2e',
  testIgnore: [/dev-server\.spec\.ts/],
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  // Tests tagged so check what does not depend on where the session is kept: cookie run only.
  grepInvert: SERVER_SESSIONS ? /@storage-independent/ : undefined,
  use: {
    baseURL: APP_URL,
    trace: 'retain-on-failure',
    launchOptions,
  },
  // Says which session storage this run uses.
  globalSetup: './test/e2e/global-setup.ts',
  // The test helpers' spec imports the product's seal, whose modules import 'server-only'.
  tsconfig: './test/tsconfig.playwright.json',
  projects: [
    // One real sign-in whose browser state signedInTest reuses (test/kit/signed-in.ts).
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'chromium', dependencies: ['setup'], use: { ...devices['Desktop Chrome'], launchOptions } },
  ],
  webServer: [
    // Server-side sessions' store, first: the app connects at start. Persistence off: one run.
    ...(SESSION_REDIS_URL ? [{ command: `redis-server --port ${REDIS_PORT} --bind 127.0.0.1 --save '' --appendonly no`, port: REDIS_PORT, reuseExistingServer: false, timeout: 10_000 }] : []),
    {
      command: 'node --import tsx dev/local-provider/main.ts',
      url: `${ISSUER}/.well-known/openid-configuration`,
      env: idpEnv,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'node --import tsx dev/sample-api/main.ts',
      // Any answer means it listens: without a token it says 401.
      url: `${API_URL}/api/me`,
      env: apiEnv,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The standalone server `npm run build` leaves, as the Docker image runs it; loopback only.
      command: 'node .next/standalone/server.js',
      url: `${APP_URL}/`,
      env: { ...appEnv, HOSTNAME: '127.0.0.1' },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
