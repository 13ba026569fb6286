import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { standaloneServer } from '../kit/app-server';
import { get } from '../kit/http';
import { waitFor } from '../kit/wait';

/**
 * One production server (the standalone server.js `npm run build` leaves) that can be SIGKILLed and started again on the same
 * port, as an orchestrator restarts a crashed instance. Like test/kit/app-server.ts's startApp, but its
 * output goes to a log file: under faults the app warns on every failed refresh, which would
 * bury the report, and the logs are worth reading afterwards.
 */
export interface Instance {
  name: string;
  url: string;
  logPath: string;
  readonly alive: boolean;
  /** Exits the soak did not cause (a crash): each one is a failure the balancer's 502s would otherwise hide. */
  readonly crashes: string[];
  start(): Promise<void>;
  /** SIGKILL: no shutdown hooks, in-flight requests cut off. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export function appInstance(options: { name: string; port: number; env: Record<string, string>; logPath: string }): Instance {
  let child: ChildProcess | undefined;
  let stopping = false;
  const crashes: string[] = [];
  const url = `http://127.0.0.1:${options.port}`;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const ended = (signal: NodeJS.Signals, graceMs: number) =>
    new Promise<void>((resolve) => {
      const current = child;
      if (!current || !running()) return resolve();
      stopping = true;
      const force = setTimeout(() => current.kill('SIGKILL'), graceMs);
      current.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      current.kill(signal);
    });

  return {
    name: options.name,
    url,
    logPath: options.logPath,
    get alive() {
      return running();
    },
    crashes,
    async start() {
      if (running()) throw new Error(`instance ${options.name} is already running`);
      const log = openSync(options.logPath, 'a');
      // HOSTNAME: loopback only; server.js serves in this very process (no workers).
      const started = spawn(process.execPath, [standaloneServer('.next')], {
        env: { ...process.env, NODE_ENV: 'production', HOSTNAME: '127.0.0.1', PORT: String(options.port), ...options.env },
        stdio: ['ignore', log, log],
      });
      closeSync(log); // the child holds its own descriptor
      child = started;
      stopping = false;
      started.once('exit', (code, signal) => {
        if (!stopping) crashes.push(`instance ${options.name} exited by itself (${code ?? signal}) at ${new Date().toISOString()}`);
      });
      await waitFor(`instance ${options.name} on ${url}`, async () => {
        if (started.exitCode !== null || started.signalCode !== null) throw new Error(`instance ${options.name} exited with ${started.exitCode ?? started.signalCode}: see ${options.logPath} (the soak needs 'npm run build' first)`);
        return (await get(`${url}/auth/session`, { timeoutMs: 2000 })).status === 401;
      }, 60_000);
    },
    kill: () => ended('SIGKILL', 0),
    stop: () => ended('SIGTERM', 5000),
  };
}
