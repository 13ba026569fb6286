import { get, type CookieJar } from '../test/kit/http';
import { refreshCount } from '../test/kit/local-provider';
import { expiredSessionCookie } from '../test/kit/sealed-cookies';
import { signIn } from '../test/kit/sign-in';
import { processCpuMs } from './cpu';
import type { BenchApp } from './servers';
import { median } from './stats';

/** As autocannon sends them: fetch() would ask for gzip, and compressing the page is CPU the other cases do not spend. */
const IDENTITY = { 'accept-encoding': 'identity' };

/**
 * Refreshes one after another on a few sessions at once: each request carries a session whose
 * access token the bench marked expired, so proxy.ts refreshes it at the provider; the answer's
 * new session (a new refresh token: the provider rotates them) is marked expired again for the
 * next request. Every request is a real refresh, none a grace-window copy of another.
 */
export class RefreshChains {
  private constructor(
    private readonly app: BenchApp,
    private readonly jars: CookieJar[],
  ) {}

  static async start(app: BenchApp, chains: number): Promise<RefreshChains> {
    const jars: CookieJar[] = [];
    for (let chain = 0; chain < chains; chain++) jars.push(await signIn(app.url, 'alice'));
    return new RefreshChains(app, jars);
  }

  /** `steps` refreshes on each chain; the server's CPU per refresh, and how many answered 200 with a new session. */
  async run(steps: number): Promise<{ cpuMsPerRequest: number; requests: number; refreshed: number; tokenCalls: number }> {
    const cookies = await Promise.all(this.jars.map((jar) => expiredSessionCookie(jar, this.app.url)));
    let cpuMs = 0;
    let refreshed = 0;
    const callsBefore = refreshCount(this.app.idp);
    for (let step = 0; step < steps; step++) {
      // The bench's own sealing stays out of the server's CPU count: cookies are made between reads.
      const before = processCpuMs(this.app.pid);
      const answers = await Promise.all(cookies.map((cookie) => get(`${this.app.url}/dashboard`, { cookie, headers: IDENTITY })));
      cpuMs += processCpuMs(this.app.pid) - before;
      for (const [index, answer] of answers.entries()) {
        const jar = this.jars[index] as CookieJar;
        if (answer.status === 200 && answer.setCookie.length > 0) refreshed += 1;
        jar.store(this.app.url, answer.setCookie);
        cookies[index] = await expiredSessionCookie(jar, this.app.url);
      }
    }
    const requests = steps * this.jars.length;
    return { cpuMsPerRequest: cpuMs / requests, requests, refreshed, tokenCalls: refreshCount(this.app.idp) - callsBefore };
  }
}

export interface Storm {
  concurrency: number;
  tokenCalls: number;
  allOk: boolean;
  freshP50: number;
  expiredP50: number;
  expiredMax: number;
}

/**
 * N requests at once with the same expired-token cookie (and no freshness marker, so proxy.ts
 * refreshes), against N at once of a fresh session: the added latency at p50, and the token
 * calls the provider saw (one, or a tab's refresh token was redeemed twice).
 */
export async function refreshStorm(app: BenchApp, concurrency: number): Promise<Storm> {
  const signedIn = await signIn(app.url, 'alice');
  const page = `${app.url}/dashboard`;
  const fresh = await Promise.all(Array.from({ length: concurrency }, () => get(page, { cookie: signedIn.header(app.url) })));
  const expired = await expiredSessionCookie(signedIn, app.url);
  const before = refreshCount(app.idp);
  const answers = await Promise.all(Array.from({ length: concurrency }, () => get(page, { cookie: expired })));
  return {
    concurrency,
    tokenCalls: refreshCount(app.idp) - before,
    allOk: answers.every((answer) => answer.status === 200) && fresh.every((answer) => answer.status === 200),
    freshP50: median(fresh.map((answer) => answer.ms)),
    expiredP50: median(answers.map((answer) => answer.ms)),
    expiredMax: Math.max(...answers.map((answer) => answer.ms)),
  };
}
