import { spawn, type ChildProcess } from 'node:child_process';
import nextEnv from '@next/env';
import { zeroConfig } from './zero-config';

/**
 * `npm run dev`: the local OpenID Provider, the sample API and `next dev` together, one command.
 * The app gets the zero-configuration values (zero-config.ts) in its environment, after the
 * .env files are read as `next dev` reads them. Ctrl-C (or any process exiting) stops all three,
 * so no orphan keeps a port busy.
 */
nextEnv.loadEnvConfig(process.cwd(), true, { info: () => undefined, error: console.error });
const { env: defaults, notices } = zeroConfig(process.env);
for (const notice of notices) console.log(notice);
const appEnv = { ...process.env, ...defaults };

const children: ChildProcess[] = [
  spawn(process.execPath, ['--import', 'tsx', 'dev/local-provider/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['--import', 'tsx', 'dev/sample-api/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', ...process.argv.slice(2)], { stdio: 'inherit', env: appEnv }),
];

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

for (const child of children) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(0));
