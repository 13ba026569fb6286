import { get, type CookieJar } from '../test/kit/http';
import { refreshCount } from '../test/kit/local-provider';
import { expiredSessionCookie, sessionCookieWith } from '../test/kit/sealed-cookies';
import { signIn } from '../test/kit/sign-in';
import { processCpuMs } from './cpu';
import type { BenchApp } from './servers';
import { median, spread, type Spread } from './stats';

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
  /** Token calls the provider saw in each repetition: 1 each, or a refresh token was redeemed twice. */
  tokenCalls: number[];
  allOk: boolean;
  /** p50 of N requests at once, per repetition: a fresh session (marker set, proxy.ts skipped). */
  fresh: Spread;
  /** The same with the session cookie alone, nothing due: proxy.ts runs and finds nothing to do. */
  proxied: Spread;
  /** The same with the access token expired: proxy.ts refreshes, once for all of them. */
  expired: Spread;
  /** Expired over fresh, per repetition. */
  added: Spread;
  expiredMax: number;
}

/**
 * N requests at once with the same expired-token cookie (and no freshness marker, so proxy.ts
 * refreshes), against N at once of a fresh session and N at once that pass through proxy.ts with
 * nothing due: the added latency at p50, and the token calls the provider saw. Repeated with a
 * new sign-in each time (a storm spends its refresh token), the three batches in turn, in an order
 * that alternates: one batch of concurrent renders finishes almost all at once, so its p50 is
 * close to its whole length, and one batch alone swings with whatever else the machine does.
 */
export async function refreshStorm(app: BenchApp, concurrency: number, repeats: number): Promise<Storm> {
  const page = `${app.url}/dashboard`;
  const burst = async (cookie: string) => {
    const answers = await Promise.all(Array.from({ length: concurrency }, () => get(page, { cookie, headers: IDENTITY })));
    return { p50: median(answers.map((answer) => answer.ms)), max: Math.max(...answers.map((answer) => answer.ms)), ok: answers.every((answer) => answer.status === 200) };
  };
  const fresh: number[] = [];
  const proxied: number[] = [];
  const expired: number[] = [];
  const tokenCalls: number[] = [];
  let allOk = true;
  let expiredMax = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const signedIn = await signIn(app.url, 'alice');
    const freshCookie = signedIn.header(app.url);
    const withoutMarker = await sessionCookieWith(signedIn, app.url, (session) => session);
    const expiredCookie = await expiredSessionCookie(signedIn, app.url);
    const batches: [number[], () => Promise<{ p50: number; max: number; ok: boolean }>][] = [
      [fresh, () => burst(freshCookie)],
      [proxied, () => burst(withoutMarker)],
      [
        expired,
        async () => {
          const before = refreshCount(app.idp);
          const result = await burst(expiredCookie);
          tokenCalls.push(refreshCount(app.idp) - before);
          expiredMax = Math.max(expiredMax, result.max);
          return result;
        },
      ],
    ];
    for (const [into, run] of repeat % 2 === 0 ? batches : [...batches].reverse()) {
      const { p50, ok } = await run();
      into.push(p50);
      allOk &&= ok;
    }
  }
  return {
    concurrency,
    tokenCalls,
    allOk,
    fresh: spread(fresh),
    proxied: spread(proxied),
    expired: spread(expired),
    added: spread(expired.map((value, index) => value - (fresh[index] as number))),
    expiredMax,
  };
}
