import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { SERVER_SESSIONS } from './variables';
import { waitFor } from './wait';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** For soak tests: the same server can die and come back, on the same port. */
export interface RestartableRedis extends RedisServer {
  port: number;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown, no save. */
  kill(): Promise<void>;
  /**
   * Starts the server again on the same port: empty, as persistence is off; with server-side
   * sessions, with every write it acknowledged (see startRedis).
   */
  restart(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether redis-server is installed, without a word: for code that runs in every test process. */
export function hasRedisServer(): boolean {
  return !spawnSync('redis-server', ['--version']).error;
}

/**
 * Whether redis-server is installed. Where it is not, `what` is skipped with a visible notice;
 * in CI (CI=true) a missing server is an error, so a green run always means it ran.
 */
export function redisServerInstalled(what: string): boolean {
  if (hasRedisServer()) return true;
  if (process.env.CI) throw new Error(`redis-server is not installed, and CI=true: ${what} must run in CI (.ci/run installs it)`);
  console.warn(`\n⚠ NOTICE: redis-server not found: SKIPPING ${what}. Install it (apt-get install redis-server) to run them.\n`);
  return false;
}

/** With server-side sessions: the test file's one Redis (see startRedis). */
let sessionRedis: Promise<RestartableRedis> | undefined;
let sessionRedisUrl: string | undefined;

/**
 * A real redis-server (Debian's package) on a free loopback port, for this test run only, or
 * undefined where it is not installed (redisServerInstalled).
 *
 * With server-side sessions (TEST_SESSION_STORAGE=server) a test file has one Redis, and every
 * call returns it: it holds the sessions of every app the file starts (session-storage.ts), so
 * instances behind one public URL share them as they must, and the kit's sealed-cookie helpers
 * read and write them there. It keeps every write it acknowledged across kill() and restart(),
 * as docs/sessions.md asks of a store that holds sessions.
 */
export async function startRedis(): Promise<RestartableRedis | undefined> {
  if (!redisServerInstalled('the Redis tests')) return undefined;
  if (!SERVER_SESSIONS) return startServer(false);
  sessionRedis ??= startServer(true).then((redis) => {
    sessionRedisUrl = redis.url;
    return redis;
  });
  return sessionRedis;
}

/** With server-side sessions: the URL of the test file's Redis, once startRedis() has started it. */
export function sessionRedisUrlOrThrow(): string {
  if (!sessionRedisUrl) throw new Error('TEST_SESSION_STORAGE=server, and no Redis holds the sessions yet: the suite starts one per test file (test/kit/session-redis.setup.ts)');
  return sessionRedisUrl;
}

async function startServer(persistent: boolean): Promise<RestartableRedis> {
  const port = await freePort();
  const directory = persistent ? mkdtempSync(join(tmpdir(), 'kit-redis-')) : undefined;
  const start = () => spawnRedis(port, directory);
  let child = await start();
  const ended = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await ended('SIGTERM');
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
    kill: () => ended('SIGKILL'),
    restart: async () => {
      await ended('SIGKILL');
      child = await start();
    },
  };
}

/** With a `directory`, an append-only file fsynced on every write: a SIGKILL loses nothing acknowledged. */
async function spawnRedis(port: number, directory?: string): Promise<ChildProcess> {
  const persistence = directory ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', directory] : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
  try {
    await waitFor(`redis-server on port ${port}`, () => ping(port), 10_000);
  } catch (error) {
    child.kill('SIGKILL'); // never leave a half-started server behind
    throw error;
  }
  return child;
}
