import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { redisServerInstalled } from './test/kit/redis';
import { SESSION_STORAGE_MODES, type SessionStorageMode } from './test/kit/variables';

/**
 * These files start no app server that keeps a session (the device-login CLI, the local provider
 * and the sample API alone, next start with a configuration of the case's own): a second run
 * with server-side sessions would repeat the first. They run in the cookie-sessions project only.
 */
const SESSION_STORAGE_INDEPENDENT = ['device-login', 'dev-provider', 'resource-server', 'startup-config'].map((name) => `test/integration/${name}.test.ts`);

/** Server-side sessions need Redis (a test file's apps share theirs): without redis-server they are skipped, in CI they fail. */
const modes = SESSION_STORAGE_MODES.filter((mode) => mode === 'cookie' || redisServerInstalled('the integration suite with server-side sessions (TEST_SESSION_STORAGE=server)'));

function project(mode: SessionStorageMode, order: number): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: `${mode}-sessions`,
      // The kit reads it (test/kit/variables.ts): startApp gives every app this storage.
      env: { TEST_SESSION_STORAGE: mode },
      // One group after the other (groupOrder 0 would put a single-worker project last).
      sequence: { groupOrder: order + 1 },
      globalSetup: ['test/kit/session-storage.global-setup.ts'],
      ...(mode === 'server' && {
        exclude: [...configDefaults.exclude, ...SESSION_STORAGE_INDEPENDENT],
        setupFiles: ['test/kit/session-redis.setup.ts'],
      }),
    },
  };
}

/**
 * HTTP-level tests against the production build (`npm run build` first) and real servers, once
 * with the session in its cookie and once with SESSION_STORAGE=server. One mode:
 * `--project cookie-sessions` or `--project server-sessions`.
 */
export default defineConfig({
  resolve: {
    alias: { 'server-only': fileURLToPath(new URL('./test/kit/server-only.ts', import.meta.url)) },
  },
  test: {
    include: ['test/integration/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: modes.map(project),
  },
});
