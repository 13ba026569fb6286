import { setTimeout as sleep } from 'node:timers/promises';
import { get } from '../kit/http';
import { SAME_ORIGIN_FETCH } from '../kit/same-origin';
import { Browser, type Exchange, type SoakContext } from './browser';

/** Bounds on one person's loop, whatever the clock says. */
const MAX_STEPS = 5000;
const MAX_HOPS = 5;

export interface UserOptions {
  index: number;
  appUrl: string;
  issuer: string;
  thinkMs: [number, number];
}

type Seen = 'ok' | 'lost' | 'unavailable';

/**
 * A simulated person: signs in once through the balancer and the provider, then browses as the
 * dashboard does (the page, then /auth/session and /api/me in parallel, as its client code
 * fetches them), with think time in between. Never signs out, so any sign-out the app makes is
 * a lost session; the person then signs in again and carries on.
 */
export class SimUser {
  readonly subject: string;
  private readonly browser: Browser;
  private signedIn = false;

  constructor(
    private readonly options: UserOptions,
    private readonly context: SoakContext,
  ) {
    // Zero-padded, so no subject is a substring of another (the page is searched for it).
    this.subject = `soak-user-${String(options.index).padStart(2, '0')}`;
    this.browser = new Browser(context);
  }

  get isSignedIn(): boolean {
    return this.signedIn;
  }

  async run(until: () => number): Promise<void> {
    for (let step = 0; step < MAX_STEPS && Date.now() < until(); step++) {
      if (!this.signedIn) {
        this.signedIn = await this.signIn();
        if (!this.signedIn) await this.pause(until, 1000, 2000);
        continue;
      }
      const seen = await this.pageView();
      if (seen === 'lost') {
        this.signedIn = false;
        this.context.recorder.lose(this.subject);
      }
      await this.pause(until, ...this.options.thinkMs);
    }
  }

  private pause(until: () => number, min: number, max: number): Promise<void> {
    return sleep(Math.max(0, Math.min(min + Math.random() * (max - min), until() - Date.now())));
  }

  private url(path: string): string {
    return new URL(path, this.options.appUrl).href;
  }

  /** The app's login, the provider (where this person signs in as themselves), the callback, the page. */
  private async signIn(): Promise<boolean> {
    const failed = (step: string, answer?: Exchange) => {
      const phase = this.context.recorder.current;
      phase.signInFailures += 1;
      this.context.recorder.note('sign-in failed', `[${phase.name}] at ${step}: ${answer?.kind === 'app' ? `${answer.status} ${answer.code ?? ''}`.trim() : (answer?.kind ?? 'no answer')}`);
      return false;
    };
    const login = await this.browser.get('login', this.url('/auth/login/keycloak?returnTo=%2Fdashboard'));
    if (login.kind !== 'app' || login.status !== 303 || !login.location?.startsWith(`${this.options.issuer}/`)) return failed('login', login);
    const authorize = new URL(login.location);
    authorize.searchParams.set('login_hint', this.subject);
    const provider = await get(authorize.href, { timeoutMs: this.context.requestTimeoutMs }).catch(() => undefined);
    const callbackUrl = provider?.location;
    if (provider?.status !== 302 || !callbackUrl?.startsWith(`${this.options.appUrl}/`)) return failed('the provider');
    const callback = await this.browser.get('callback', callbackUrl);
    if (callback.kind !== 'app' || callback.status !== 303 || callback.location !== this.url('/dashboard')) return failed('callback', callback);
    const page = await this.navigate('/dashboard');
    // A session created and gone at once is lost too, not merely a failed sign-in.
    if (page === 'lost') this.context.recorder.lose(this.subject);
    if (page !== 'ok') return failed('the first page');
    this.context.recorder.current.signIns += 1;
    return true;
  }

  private async pageView(): Promise<Seen> {
    const page = await this.navigate('/dashboard');
    if (page === 'lost') return 'lost';
    const [session, api] = await Promise.all([
      this.browser.get('/auth/session', this.url('/auth/session')),
      this.browser.get('/api/me', this.url('/api/me'), SAME_ORIGIN_FETCH),
    ]);
    const seen = [this.checkJson('/auth/session', session, (body) => (body as { user?: { sub?: unknown } }).user?.sub), this.checkJson('/api/me', api, (body) => (body as { subject?: unknown }).subject)];
    return seen.includes('lost') ? 'lost' : page;
  }

  /** GET a page, following the app's own redirects (/auth/refresh and back) as a browser does. */
  private async navigate(path: string): Promise<Seen> {
    let url = this.url(path);
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const answer = await this.browser.get(hop === 0 ? path : new URL(url).pathname, url);
      if (answer.kind !== 'app') return 'unavailable';
      if (answer.status === 200) {
        if (!answer.body.includes(this.subject)) this.wrongPerson(path, 'the page does not name the person signed in');
        return 'ok';
      }
      if (answer.status < 300 || answer.status >= 400 || !answer.location) return 'unavailable';
      const next = new URL(answer.location, url);
      // requireSession sends a signed-out person to sign in: /auth/login/<provider> or, with
      // several providers, the home page with returnTo. The error page ends a sign-in too.
      if (next.origin !== this.options.appUrl || /^\/auth\/(login|error)\b/.test(next.pathname) || (next.pathname === '/' && next.searchParams.has('returnTo'))) {
        return this.lost(path, `redirected to ${next.pathname}${next.search.replace(/=[^&]*/g, '=…')}`);
      }
      url = next.href;
    }
    return 'unavailable';
  }

  private checkJson(route: string, answer: Exchange, subjectOf: (body: unknown) => unknown): Seen {
    if (answer.kind !== 'app') return 'unavailable';
    // 401 {error: 'unauthorized'} is the app's "no session"; the sample API's own 401s name the token.
    if (answer.status === 401 && (route === '/auth/session' || answer.code === 'unauthorized')) return this.lost(route, '401');
    if (answer.status === 401) {
      this.context.recorder.current.apiRefusedToken += 1;
      this.context.recorder.note('sample API refused the token', `[${this.context.recorder.current.name}] ${route} ${answer.code ?? ''}`);
      return 'unavailable';
    }
    if (answer.status !== 200) return 'unavailable';
    let subject: unknown;
    try {
      subject = subjectOf(JSON.parse(answer.body));
    } catch {
      subject = undefined;
    }
    if (subject !== this.subject) this.wrongPerson(route, `answered for ${String(subject)}`);
    return 'ok';
  }

  private lost(route: string, how: string): 'lost' {
    this.context.recorder.note('session lost', `[${this.context.recorder.current.name}] ${route} ${how}`);
    return 'lost';
  }

  private wrongPerson(route: string, how: string): void {
    this.context.recorder.current.wrongPerson += 1;
    this.context.recorder.note('wrong person', `[${this.context.recorder.current.name}] ${route} ${how}`);
  }
}
