import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../dev/defaults';
import type { DevIdp } from '../dev/local-provider/server';
import { startApp, type App } from '../test/kit/app-server';
import { get } from '../test/kit/http';
import { startIdp } from '../test/kit/local-provider';
import { freePort } from '../test/kit/ports';
import { TEST_VARIABLES } from '../test/kit/variables';
import { waitFor } from '../test/kit/wait';
import { BARE_SERVER } from './builds';

/** An app server of the bench build and the local provider it signs people in at. */
export interface BenchApp extends App {
  idp: DevIdp;
  pid: number;
}

/**
 * Access tokens that outlive the run: the protected page is measured with one sign-in for
 * minutes, and an expired token would send it to /auth/refresh. Refreshes are measured with
 * cookies whose token the bench marks expired (test/kit/sealed-cookies.ts).
 */
const PROVIDER_SETTINGS = { DEV_IDP_ACCESS_TOKEN_TTL: '3600' };

/**
 * Every server the bench measures runs without V8's memory reducer. The bench keeps each server
 * idle while it measures the others (minutes, during the warm-ups), and on an idle process the
 * memory reducer shrinks the heap; the next few thousand requests then pay for growing it back:
 * a server warmed first measured up to 2 ms CPU per request more in its first rounds than one
 * warmed last, whichever page it served. A server under steady load never idles, so never runs
 * the reducer: without it, every round measures the steady state.
 */
export const SERVER_NODE_OPTIONS = ['--no-memory-reducer'];

/** The bench build (.next-bench) with its own local provider (its redirect URI names this app's port). */
export async function startBenchApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const idp = await startIdp(url, PROVIDER_SETTINGS);
  try {
    const app = await startApp({ port, appUrl: url, issuer: idp.realms[0]!.settings.issuer, env: { BENCHMARK_BUILD: '1', ...env }, nodeOptions: SERVER_NODE_OPTIONS });
    if (app.pid === undefined) throw new Error('the app server has no pid');
    return { ...app, pid: app.pid, idp, stop: () => app.stop().then(() => idp.close()) };
  } catch (error) {
    await idp.close();
    throw error;
  }
}

/** The bare Next app (bench/bare-next), configured as the app is: its shell variants read the session. */
export async function startBare(appUrl: string, issuer: string): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const env = { ...process.env, ...TEST_VARIABLES, PORT: String(port), HOSTNAME: '127.0.0.1', APP_URL: appUrl, KEYCLOAK_ISSUER: issuer, KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET };
  const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, BARE_SERVER], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://localhost:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitFor(`${BARE_SERVER} on ${url}`, async () => {
      if (child.exitCode !== null) throw new Error(`${BARE_SERVER} exited with ${child.exitCode} (npm run bench builds it; --no-build reuses it)`);
      return (await get(`${url}/empty`).catch(() => undefined))?.status === 200;
    }, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (child.pid === undefined) throw new Error('the bare server has no pid');
  return { url, pid: child.pid, stop };
}

/**
 * Servers on core 1, the load generator (this process, with the local providers in it) on core
 * 0: sharing two cores, each steals the other's time. All threads (-a). False, and said so in
 * the report, without taskset or with a single core.
 */
export function pin(servers: number[], generator: number[]): boolean {
  if (cpus().length < 2) return false;
  const ok = (pid: number, core: string) => spawnSync('taskset', ['-a', '-p', '-c', core, String(pid)], { stdio: 'ignore' }).status === 0;
  return [...servers.map((pid) => ok(pid, '1')), ...generator.map((pid) => ok(pid, '0'))].every(Boolean);
}
