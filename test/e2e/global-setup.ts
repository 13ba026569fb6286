import { redisServerInstalled } from '../kit/redis';
import { SESSION_STORAGE_MODE, SERVER_SESSIONS } from '../kit/variables';
import { SESSION_REDIS_URL } from './servers';

/**
 * Playwright's globalSetup (playwright.config.ts), once per run in the runner: one line saying
 * which session storage this run uses, so a log shows that both ran. With server-side sessions
 * and no redis-server it prints a notice, and with CI=true it fails the run.
 */
export default function announce(): void {
  if (SERVER_SESSIONS) redisServerInstalled('the e2e specs that open server-side sessions from the test (the app keeps them in memory instead)');
  const where = SESSION_REDIS_URL ? `in Redis at ${SESSION_REDIS_URL}` : "in the app's memory";
  console.log(`[e2e] session storage: ${SESSION_STORAGE_MODE} (${SERVER_SESSIONS ? `SESSION_STORAGE=server, ${where}` : 'SESSION_STORAGE=cookie, the default'})`);
}
