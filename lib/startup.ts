import 'server-only';
import { ConfigError, env } from './env';

/**
 * Configuration is checked when the server starts, so a production server with a missing
 * secret or provider refuses to start instead of failing on the first sign-in.
 */
export function checkConfigurationOrExit(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
