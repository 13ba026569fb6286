/**
 * The small shared store behind refresh coordination and the revocation list: a lock, and
 * short-lived values. In memory for one instance; in Redis when REDIS_URL is set, so several
 * app instances agree. Values are strings; callers seal anything sensitive.
 *
 * Every call is bounded: a store that cannot answer in time throws StoreUnavailableError, and
 * callers decide what that means (fail closed, without signing anyone out).
 */
export interface Store {
  /** Sets `key` only if it is absent, expiring after `ttlMs`. True when this call set it (a lock). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Several values in one round trip (the revocation check reads up to four keys per request). */
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  /** Deletes `key` only while it still holds `value`: releasing a lock never frees someone else's. */
  deleteIfEquals(key: string, value: string): Promise<void>;
}

/** The store did not answer in time, or is not reachable: nothing can be concluded from it now. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * By name, not instanceof: the store is shared by every Next bundle of the process (see
 * process-singleton.ts), so its errors may come from another bundle's copy of this class.
 */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

/** One process's store. Expired entries are dropped on read and swept as the map grows. */
export class MemoryStore implements Store {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  // Check and set without an await in between: that is what makes it a lock.
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.read(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  async get(key: string): Promise<string | undefined> {
    return this.read(key);
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    return keys.map((key) => this.read(key));
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    if (this.read(key) === value) this.entries.delete(key);
  }

  private read(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, value: string, ttlMs: number): void {
    if (this.entries.size >= 10_000) this.sweep();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
