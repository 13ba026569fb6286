import 'server-only';
import { ConfigError, env, type Env } from './config';
import { getStore } from './store';

/** What an operator should see at start: choices with consequences, never a secret. */
export function describeConfiguration(config: Env): string[] {
  const store = config.REDIS_URL
    ? `[config] store: redis at ${new URL(config.REDIS_URL).host} (shared by every instance)`
    : '[config] store: memory (STORE=memory: one instance only; sign-outs recorded here are forgotten when it restarts)';
  return [`[config] APP_URL ${config.APP_URL}`, store];
}

/**
 * Configuration is checked when the server starts, so a production server with a missing
 * secret or provider refuses to start instead of failing on the first sign-in.
 */
export function checkConfigurationOrExit(): void {
  try {
    const config = env();
    for (const line of describeConfiguration(config)) console.log(line);
    // Opens the Redis connection at start, so the first request does not wait for it.
    getStore(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
