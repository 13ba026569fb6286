import { test as base } from '@playwright/test';

/** Where the setup project (test/e2e/auth.setup.ts) keeps the browser state of its one sign-in. */
export const SIGNED_IN_STATE = '.playwright/auth/dave.json';

/**
 * Whose sign-in it is: an account no other spec signs out (a sign-out, "everywhere" above all,
 * would end the saved session too).
 */
export const SIGNED_IN_USER = { username: 'dave', name: 'Dave Elsewhere', email: 'dave@other.example', roles: ['user'] };

/**
 * Tests that start signed in, from the state the setup project saved: no trip through the
 * provider. The state is carried forward: after each test the browser's cookies are saved back.
 * A refresh during a test rotates the refresh token inside the sealed cookie, and a provider
 * that rotates refresh tokens ends the whole grant when an old one comes back (RFC 9700 4.14.2);
 * the app only shares a refresh's outcome for 30 s. So reusing the first saved state works until
 * the first refresh, and saving it back keeps it working for the whole run.
 *
 * Tests that sign out must not use it (they would save a signed-out state); one worker per state
 * file (with several workers, one account and file per worker: testInfo.parallelIndex).
 */
export const signedInTest = base.extend({
  storageState: async ({}, provide) => provide(SIGNED_IN_STATE),
  context: async ({ context }, provide) => {
    await provide(context);
    await context.storageState({ path: SIGNED_IN_STATE });
  },
});
