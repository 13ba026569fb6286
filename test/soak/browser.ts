import { CookieJar, get, type Answer } from '../kit/http';
import { BALANCER_HEADER } from './balancer';
import { STALL_MS, type Recorder } from './stats';
import type { TokenScanner } from './token-scan';

/**
 * The answers the app may give while something it depends on is down, and keep the session:
 * the provider is unreachable and the access token has expired (provider_unavailable), or the
 * store is down (store_unavailable; temporarily_unavailable is the OAuth spelling, RFC 6749 4.1.2.1).
 */
export const ALLOWED_503_CODES = new Set(['provider_unavailable', 'store_unavailable', 'temporarily_unavailable']);

export interface SoakContext {
  recorder: Recorder;
  scanner: TokenScanner;
  requestTimeoutMs: number;
}

/** An answer from the app, or what happened instead ('lb': the balancer answered or cut the connection). */
export type Exchange =
  | { kind: 'app'; status: number; body: string; location: string | null; code?: string }
  | { kind: 'lb' | 'timeout' };

/** The `error` of a JSON answer, or the data-code of an HTML error page. */
export function answerCode(contentType: string, body: string): string | undefined {
  if (contentType.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(body);
      const error = parsed && typeof parsed === 'object' && 'error' in parsed ? parsed.error : undefined;
      return typeof error === 'string' ? error : undefined;
    } catch {
      return undefined;
    }
  }
  return /data-code="([\w-]+)"/.exec(body)?.[1];
}

/**
 * One person's browser: the kit's cookie jar (it honours Max-Age, so the freshness marker expires
 * and proxy.ts runs as it does for a real browser), and every exchange counted, timed and scanned
 * for tokens.
 */
export class Browser {
  readonly jar = new CookieJar();

  constructor(private readonly context: SoakContext) {}

  async get(route: string, url: string, headers: Record<string, string> = {}): Promise<Exchange> {
    const { recorder, scanner, requestTimeoutMs } = this.context;
    // Counted in the phase its answer arrived in: a stall that began just before Redis died shows
    // up under "Redis killed", not the quiet phase before it.
    const count = (label: string) => {
      const phase = recorder.current;
      phase.requests += 1;
      phase.statuses[label] = (phase.statuses[label] ?? 0) + 1;
      return phase;
    };
    let response: Answer;
    try {
      response = await get(url, { headers, jar: this.jar, timeoutMs: requestTimeoutMs });
    } catch (error) {
      // Nothing but the balancer listens at APP_URL, and it never goes down: a failed exchange is
      // either no answer in time or a connection the balancer cut when an instance died mid-answer.
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const phase = count(timedOut ? 'timeout' : 'LB cut');
      if (timedOut) recorder.note('timeout', `[${phase.name}] ${route}`);
      return { kind: timedOut ? 'timeout' : 'lb' };
    }
    const { ms, body } = response;
    if (response.headers.has(BALANCER_HEADER)) {
      // "!": the instance was meant to be up, so the app, not the soak, failed to answer.
      const unexpected = response.headers.get(BALANCER_HEADER) === 'unexpected';
      const phase = count(`LB ${response.status}${unexpected ? '!' : ''}`);
      if (unexpected) recorder.note('balancer answered for an instance meant to be up', `[${phase.name}] ${route} ${response.status}`);
      return { kind: 'lb' };
    }
    const phase = count(String(response.status));
    phase.latencies.push(Math.round(ms));
    if (ms > STALL_MS) phase.stalls += 1;

    const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n') + response.setCookie.join('\n');
    const leaks = scanner.find(`${headerText}\n${body}`);
    if (leaks.length) {
      phase.tokenLeaks += leaks.length;
      recorder.note('token in a response', `[${phase.name}] ${route} ${response.status}`);
    }
    const code = answerCode(response.headers.get('content-type') ?? '', body);
    if (response.status >= 500) {
      if (response.status === 503 && code && ALLOWED_503_CODES.has(code)) phase.allowed503 += 1;
      else {
        phase.wrong5xx += 1;
        recorder.note('wrong 5xx', `[${phase.name}] ${route} ${response.status} ${code ?? '(no code)'}`);
      }
    }
    return { kind: 'app', status: response.status, body, location: response.location, code };
  }
}
