/**
 * The e2e suite with server-side sessions (SESSION_STORAGE=server, in a Redis this config starts
 * beside the app): playwright.config.ts with TEST_SESSION_STORAGE=server. `npm run test:e2e` runs
 * it after the cookie-session run; one spec: `npx playwright test --config playwright.server-sessions.config.ts <file>`.
 * Set before the import, which reads it (test/kit/variables.ts); workers load this file too.
 */
process.env.TEST_SESSION_STORAGE = 'server';

export default (await import('./playwright.config')).default;
