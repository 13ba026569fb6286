import { parseEnv, type Env } from '../../lib/auth/config/env';
import { TEST_VARIABLES } from './variables';

/** The kit's configuration (variables.ts), parsed by the product; override what a test is about. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({ ...TEST_VARIABLES, ...overrides });
}
