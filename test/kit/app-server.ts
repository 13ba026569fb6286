import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import { get } from './http';
import { sessionStorageVariables } from './session-storage';
import { TEST_VARIABLES } from './variables';
import { waitFor } from './wait';

export interface App {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The production server as it ships: the standalone server.js that `npm run build` leaves (the
 * Docker image runs the same file; `next start` warns that it does not support standalone
 * output), with the kit's configuration (variables.ts: its session secret is the one testEnv()
 * seals with) and this run's session storage (session-storage.ts). Several may share one
 * public APP_URL, as instances behind a load balancer do; each is reached at its own port. It
 * signs people in at `issuer` as the local provider's Keycloak-shaped client unless `env` says otherwise.
 */
export async function startApp(options: {
  port: number;
  appUrl: string;
  issuer: string;
  env?: Record<string, string>;
  /** Collects the server's stdout lines (audit log). */
  output?: string[];
  /** Options for node itself, before server.js (the bench's V8 flags). */
  nodeOptions?: string[];
}): Promise<App> {
  const storage = sessionStorageVariables();
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...TEST_VARIABLES,
    ...storage,
    PORT: String(options.port),
    APP_URL: options.appUrl,
    KEYCLOAK_ISSUER: options.issuer,
    KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID,
    KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET,
    // One instance on its own keeps sign-outs in memory; several share a Redis (REDIS_URL), as
    // do all of a test file's apps with server-side sessions.
    STORE: (options.env?.REDIS_URL ?? storage.REDIS_URL) ? undefined : 'memory',
    // server.js listens on HOSTNAME, else on every interface: tests stay on loopback, and a
    // HOSTNAME inherited from the shell (containers set one) must not decide.
    HOSTNAME: '127.0.0.1',
    ...options.env,
  };
  const server = standaloneServer(env.BENCHMARK_BUILD === '1' ? '.next-bench' : '.next');
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), server], {
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['ignore', options.output ? 'pipe' : 'ignore', 'inherit'],
  });
  if (options.output && child.stdout) {
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      options.output?.push(...lines);
    });
  }
  const url = `http://localhost:${options.port}`;
  try {
    await waitFor(`${server} on ${url}`, async () => {
      if (child.exitCode !== null) throw new Error(`${server} on ${url} exited with ${child.exitCode} (run npm run build first)`);
      return (await get(`${url}/auth/session`)).status === 401;
    }, 30_000);
  } catch (error) {
    child.kill('SIGKILL'); // never leave a half-started server behind
    throw error;
  }
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * `<distDir>/standalone/server.js`, once `npm run build` has copied the static assets beside it
 * (deploy/copy-assets.ts); `next build` alone leaves pages without their scripts. The bench
 * builds into .next-bench (next.config.ts).
 */
export function standaloneServer(distDir: string): string {
  if (!existsSync(`${distDir}/standalone/${distDir}/static`)) throw new Error(`No complete standalone build in ${distDir}/standalone: run npm run build first.`);
  return `${distDir}/standalone/server.js`;
}
