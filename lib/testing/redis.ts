import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort, waitFor } from './ports';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
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
export async function startRedis(): Promise<RedisServer | undefined> {
  if (spawnSync('redis-server', ['--version']).error) {
    if (process.env.CI) throw new Error('redis-server is not installed, and CI=true: the Redis tests must run in CI (.ci/run installs it)');
    console.warn('\n⚠ NOTICE: redis-server not found: SKIPPING the Redis tests. Install it (apt-get install redis-server) to run them.\n');
    return undefined;
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor(`redis-server on port ${port}`, () => ping(port), 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
