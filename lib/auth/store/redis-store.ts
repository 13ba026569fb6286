import { createClient } from '@redis/client';
import { StoreUnavailableError, type Store } from './store';

function connect(url: string, timeoutMs: number) {
  // One line when Redis goes away and one when it is back, not one per reconnection attempt.
  let down = false;
  return createClient({
    url,
    // Without this the client queues commands while it reconnects and fails them only after
    // its own 5 s default: every signed-in request would stall that long while Redis is down.
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: { connectTimeout: Math.max(timeoutMs, 1000), reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  })
    .on('error', (error: unknown) => {
      if (!down) console.warn(`[store] redis unavailable: ${error instanceof Error ? error.message : String(error)}`);
      down = true;
    })
    .on('ready', () => {
      if (down) console.warn('[store] redis is back');
      down = false;
    })
    .connect();
}

type Client = Awaited<ReturnType<typeof connect>>;

/** Compare-and-delete in one step, so a lock released late cannot free its successor's lock. */
const DELETE_IF_EQUALS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The Store on Redis: shared by every app instance that points at the same REDIS_URL. Each call,
 * connecting included, has `timeoutMs` to answer (250 ms by default: a healthy Redis answers in
 * well under a millisecond on a LAN); past that it throws StoreUnavailableError. The client
 * reconnects by itself, so the store recovers when Redis returns.
 */
export class RedisStore implements Store {
  private connecting: Promise<Client> | undefined;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly prefix = 'bff:',
    private readonly timeoutMs = 250,
  ) {
    // Connect now, not on the first request: that one should not pay for the handshake.
    this.client().catch(() => undefined);
  }

  private client(): Promise<Client> {
    this.connecting ??= connect(this.url, this.timeoutMs).then(
      (client) => {
        this.connected = true;
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  /** Runs one command against the deadline; any failure reads as "unavailable". */
  private async run<T>(command: (client: Client) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    // Until the first connection is up, the handshake gets a second: a process that has just
    // started is not an outage. Afterwards every call has timeoutMs.
    const bound = this.connected ? this.timeoutMs : Math.max(this.timeoutMs, 1000);
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`redis did not answer within ${bound} ms`)), bound);
    });
    try {
      return await Promise.race([this.client().then(command), deadline]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`redis: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.run((client) => client.set(this.prefix + key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }));
    return reply === 'OK';
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.run((client) => client.set(this.prefix + key, value, { expiration: { type: 'PX', value: ttlMs } }));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.run((client) => client.get(this.prefix + key))) ?? undefined;
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.run((client) => client.mGet(keys.map((key) => this.prefix + key)));
    return values.map((value) => value ?? undefined);
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    await this.run((client) => client.eval(DELETE_IF_EQUALS, { keys: [this.prefix + key], arguments: [value] }));
  }

  async close(): Promise<void> {
    const client = await this.connecting?.catch(() => undefined);
    this.connecting = undefined;
    await client?.close();
  }
}
