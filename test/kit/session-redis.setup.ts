import { afterAll } from 'vitest';
import { startRedis } from './redis';

/**
 * vitest setup for the integration suite's server-sessions project (vitest.integration.config.ts):
 * the test file's Redis, started before the file's own code, so every app it starts and every
 * sealed-cookie helper finds its sessions there (session-storage.ts); stopped after the file.
 */
const redis = await startRedis();
if (!redis) throw new Error('TEST_SESSION_STORAGE=server needs redis-server');
afterAll(() => redis.stop());
