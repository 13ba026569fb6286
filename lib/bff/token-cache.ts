import 'server-only';

export interface FetchedToken<T = string> {
  value: T;
  /** Seconds the token lives (the token response's expires_in); unknown means "do not cache". */
  expiresIn?: number;
}

/**
 * Machine tokens (client credentials, token exchange) kept until shortly before they expire,
 * with single-flight: however many requests want one at once, one token request goes out.
 * A failed fetch is not cached; the next caller tries again.
 */
export class TokenCache<T = string> {
  private readonly entries = new Map<string, { value: T; renewAt: number }>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly options: { maxEntries: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now() / 1000;
  }

  /**
   * Renew a quarter of the lifetime early, at most 30 s: a token handed out is still valid when
   * it reaches the API, even after a slow hop or a little clock skew.
   */
  static renewAt(now: number, expiresIn: number): number {
    return now + expiresIn - Math.min(30, expiresIn / 4);
  }

  async get(key: string, fetchToken: () => Promise<FetchedToken<T>>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && this.now() < cached.renewAt) return cached.value;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const request = fetchToken()
      .then((token) => {
        this.remember(key, token);
        return token.value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  private remember(key: string, token: FetchedToken<T>): void {
    this.entries.delete(key);
    if (!token.expiresIn || token.expiresIn <= 0) return;
    // Oldest first: Map keeps insertion order, and a renewed key was re-inserted at the end.
    while (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value: token.value, renewAt: TokenCache.renewAt(this.now(), token.expiresIn) });
  }
}
