import { createClient } from '@redis/client';
import type { Store } from './store';

function connect(url: string, timeoutMs: number) {
  return createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) } })
    .on('error', (error: unknown) => console.warn(`[store] redis: ${error instanceof Error ? error.message : String(error)}`))
    .connect();
}

type Client = Awaited<ReturnType<typeof connect>>;

/** Compare-and-delete in one step, so a lock released late cannot free its successor's lock. */
const DELETE_IF_EQUALS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** The Store on Redis: shared by every app instance that points at the same REDIS_URL. */
export class RedisStore implements Store {
  private connecting: Promise<Client> | undefined;

  constructor(
    private readonly url: string,
    private readonly prefix = 'bff:',
    private readonly timeoutMs = 2000,
  ) {}

  private client(): Promise<Client> {
    this.connecting ??= connect(this.url, this.timeoutMs).catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await (await this.client()).set(this.prefix + key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    return reply === 'OK';
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await (await this.client()).set(this.prefix + key, value, { expiration: { type: 'PX', value: ttlMs } });
  }

  async get(key: string): Promise<string | undefined> {
    return (await (await this.client()).get(this.prefix + key)) ?? undefined;
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    await (await this.client()).eval(DELETE_IF_EQUALS, { keys: [this.prefix + key], arguments: [value] });
  }

  async close(): Promise<void> {
    const client = await this.connecting?.catch(() => undefined);
    this.connecting = undefined;
    await client?.close();
  }
}
