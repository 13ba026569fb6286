import { test } from '@playwright/test';
import { suite, type KeycloakSuite } from './suite';

/**
 * Call at the top of every spec: skips it (with the reason) where Keycloak could not run, and
 * points relative URLs at the app. Returns what the global setup started.
 */
export function keycloakSuite(): KeycloakSuite {
  const current = suite();
  test.skip(Boolean(current.skip), current.skip);
  test.use({ baseURL: current.appUrl });
  return current;
}
