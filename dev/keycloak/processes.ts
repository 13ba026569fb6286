import { spawn, type ChildProcess } from 'node:child_process';

/** The last `lines` lines of a program's output: what an error message should show of it. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a command to completion, at most `timeoutMs`. Fails with the command's last output lines,
 * so a broken download or unpack says why instead of hanging or failing silently.
 */
export function runCommand(command: string, args: string[], options: { timeoutMs: number; cwd?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(output);
      const why = signal === 'SIGKILL' ? `was stopped after ${options.timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      reject(new Error(`${command} ${args.join(' ')} ${why}:\n${tail(output)}`));
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // A negative pid is the process group: kc.sh and the JVM it starts (the child was detached).
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to a detached child's process group; SIGKILL if it has not exited after `graceMs`. */
export async function stopProcessGroup(child: ChildProcess, graceMs: number): Promise<'stopped' | 'killed'> {
  signalGroup(child, 'SIGTERM');
  if (await exited(child, graceMs)) return 'stopped';
  signalGroup(child, 'SIGKILL');
  if (!(await exited(child, 5_000))) throw new Error(`process group ${child.pid} survived SIGKILL`);
  return 'killed';
}

/**
 * If this process ends without stopping the child (a crash, an uncaught error), take the child's
 * group down with it: a Keycloak left behind would hold its port and half a gigabyte of memory.
 */
export function killGroupOnExit(child: ChildProcess): () => void {
  const kill = () => signalGroup(child, 'SIGKILL');
  process.once('exit', kill);
  return () => process.removeListener('exit', kill);
}
