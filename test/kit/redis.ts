import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from './ports';
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
  /** Starts a fresh server on the same port: empty, as persistence is off. */
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

/**
 * A real redis-server (Debian's package) on a free loopback port, for this test run only.
 * Where it is not installed the Redis tests are skipped with a visible notice; in CI (CI=true)
 * a missing server is an error, so a green run always means they ran.
 */
export async function startRedis(): Promise<RestartableRedis | undefined> {
  if (spawnSync('redis-server', ['--version']).error) {
    if (process.env.CI) throw new Error('redis-server is not installed, and CI=true: the Redis tests must run in CI (.ci/run installs it)');
    console.warn('\n⚠ NOTICE: redis-server not found: SKIPPING the Redis tests. Install it (apt-get install redis-server) to run them.\n');
    return undefined;
  }
  const port = await freePort();
  let child = await spawnRedis(port);
  const ended = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => ended('SIGTERM'),
    kill: () => ended('SIGKILL'),
    restart: async () => {
      await ended('SIGKILL');
      child = await spawnRedis(port);
    },
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await waitFor(`redis-server on port ${port}`, () => ping(port), 10_000);
  } catch (error) {
    child.kill('SIGKILL'); // never leave a half-started server behind
    throw error;
  }
  return child;
}
