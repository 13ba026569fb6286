import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../dev/defaults';
import { freePort } from '../kit/ports';

/**
 * The production server refuses configurations that would be unsafe on a public URL, whatever
 * NODE_ENV says (`next start` keeps an explicit NODE_ENV=development or test), and lists why.
 */
interface Outcome {
  code: number | null;
  output: string;
}

/**
 * Starts `next start` and returns when it exits, or after it printed that it is ready (then stops
 * it). Not the standalone server.js the other suites run: that one forces NODE_ENV=production,
 * and these cases are about the other values (`next start` warns about standalone output, and serves).
 */
async function start(env: Record<string, string>): Promise<Outcome> {
  const port = await freePort();
  // Only what the case names: nothing leaks in from the test runner's own environment.
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', PORT: String(port), KEYCLOAK_ISSUER: 'https://id.example.com/realms/x', KEYCLOAK_CLIENT_ID: 'app', ...env };
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start'], {
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`next start neither exited nor got ready in 30 s:\n${output}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdout.on('data', () => {
      if (/\[config\] store:/.test(output)) child.kill('SIGTERM');
    });
  });
}

const SAFE = { SESSION_SECRET: 'a-real-secret-that-is-long-enough-0123456789', KEYCLOAK_CLIENT_SECRET: 'a-real-client-secret' };

describe('startup configuration checks (next start)', () => {
  it.each(['development', 'test', 'production'])('a public APP_URL with the dev session and client secrets is refused under NODE_ENV=%s', async (nodeEnv) => {
    const { code, output } = await start({ NODE_ENV: nodeEnv, APP_URL: 'https://staging.example.com', SESSION_SECRET: DEV_SESSION_SECRET, KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET, STORE: 'memory' });
    expect(code).toBe(1);
    expect(output).toMatch(/SESSION_SECRET: is a development value published in this repository/);
    expect(output).toMatch(/KEYCLOAK_CLIENT_SECRET: is a development value/);
  });

  it('a public APP_URL with no session secret is refused: no default is filled in', async () => {
    const { code, output } = await start({ NODE_ENV: 'development', APP_URL: 'https://staging.example.com', KEYCLOAK_CLIENT_SECRET: 'x', STORE: 'memory' });
    expect(code).toBe(1);
    expect(output).toMatch(/SESSION_SECRET: is required/);
  });

  it('a plain-http public APP_URL is refused', async () => {
    const { code, output } = await start({ ...SAFE, NODE_ENV: 'production', APP_URL: 'http://app.example.com', STORE: 'memory' });
    expect(code).toBe(1);
    expect(output).toMatch(/APP_URL: must be https/);
  });

  it('production without REDIS_URL is refused unless STORE=memory, which is printed at start', async () => {
    const refused = await start({ ...SAFE, NODE_ENV: 'production', APP_URL: 'https://app.example.com' });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/REDIS_URL: required in production[\s\S]*STORE=memory/);
    const started = await start({ ...SAFE, NODE_ENV: 'production', APP_URL: 'https://app.example.com', STORE: 'memory' });
    expect(started.output).toMatch(/\[config\] store: memory \(STORE=memory: one instance only; sign-outs recorded here are forgotten when it restarts\)/);
  });
});
