import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm run dev`: the local OpenID Provider, the sample API and `next dev` together, one command. Ctrl-C (or
 * either process exiting) stops both, so no orphan keeps a port busy.
 */
const children: ChildProcess[] = [
  spawn(process.execPath, ['--import', 'tsx', 'lib/dev-idp/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['--import', 'tsx', 'lib/demo-api/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', ...process.argv.slice(2)], { stdio: 'inherit' }),
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
