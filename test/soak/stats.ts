/**
 * What the soak saw, per phase: every request in the phase its answer arrived in, provider
 * events (refreshes, reuse) in the phase they happened in.
 */
export interface PhaseStats {
  name: string;
  about: string;
  startedAt: number;
  endedAt?: number;
  /** By status code; the balancer's own answers as 'LB 502' / 'LB 504', 'LB cut' when it dropped a connection, 'timeout'. */
  statuses: Record<string, number>;
  requests: number;
  /** Milliseconds, for answers from the app (the balancer's own answers excluded). */
  latencies: number[];
  /** App answers slower than STALL_MS. */
  stalls: number;
  allowed503: number;
  wrong5xx: number;
  lost: number;
  reuse: number;
  /** Reuse, and the loss it caused, of tokens rotated just before an instance was SIGKILLed (see fault-provider.ts). */
  reuseAtKill: number;
  lostAtKill: number;
  refreshes: number;
  /** Refreshes sooner after the previous answer than the app's own refresh rule allows (see users.ts). */
  earlyRefreshes: number;
  tokenLeaks: number;
  /** A session answered for another person than the one who signed in. */
  wrongPerson: number;
  /** The sample API refused the access token the app sent (expired or invalid): a stale token was used. */
  apiRefusedToken: number;
  signIns: number;
  /** Sign-in attempts that did not end on the dashboard (the person tries again a second or two later). */
  signInFailures: number;
  faultsInjected: number;
}

export const STALL_MS = 2000;

export class Recorder {
  readonly phases: PhaseStats[] = [];
  /** Examples per failure kind, for the report: what, where, how often. */
  readonly details = new Map<string, number>();
  /** When the soak SIGKILLed an instance (ms). */
  readonly instanceKills: number[] = [];
  /** People whose grant ended because an instance died holding their new tokens, and when. */
  private readonly killedMidRefresh = new Map<string, number>();

  constructor() {
    this.begin('sign-in', 'the people sign in, through the balancer and the provider');
  }

  get current(): PhaseStats {
    return this.phases.at(-1)!;
  }

  begin(name: string, about: string): void {
    const now = Date.now();
    if (this.phases.length) this.current.endedAt = now;
    this.phases.push({ name, about, startedAt: now, statuses: {}, requests: 0, latencies: [], stalls: 0, allowed503: 0, wrong5xx: 0, lost: 0, reuse: 0, reuseAtKill: 0, lostAtKill: 0, refreshes: 0, earlyRefreshes: 0, tokenLeaks: 0, wrongPerson: 0, apiRefusedToken: 0, signIns: 0, signInFailures: 0, faultsInjected: 0 });
  }

  end(): void {
    this.current.endedAt ??= Date.now();
  }

  /** The phase that was running at `at` (ms). */
  phaseAt(at: number): PhaseStats {
    for (let index = this.phases.length - 1; index > 0; index--) if (this.phases[index]!.startedAt <= at) return this.phases[index]!;
    return this.phases[0]!;
  }

  killedHoldingTokens(subject: string): void {
    this.killedMidRefresh.set(subject, Date.now());
  }

  /** Counts a lost session, apart when it is the consequence of killedHoldingTokens (within a minute). */
  lose(subject: string): void {
    const at = this.killedMidRefresh.get(subject);
    this.killedMidRefresh.delete(subject);
    if (at !== undefined && Date.now() - at < 60_000) this.current.lostAtKill += 1;
    else this.current.lost += 1;
  }

  note(kind: string, what: string): void {
    const key = `${kind}: ${what}`;
    this.details.set(key, (this.details.get(key) ?? 0) + 1);
  }
}
