import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import nextConfig from '../next.config';

/** Where the bare app's standalone server lands: Next mirrors the folder's place under the repository. */
export const BARE_DIR = 'bench/bare-next';
export const BARE_SERVER = join(BARE_DIR, '.next/standalone', BARE_DIR, 'server.js');

/**
 * The app as `npm run build` makes it (next build, then deploy/copy-assets.ts), with the bench's
 * extras (BENCHMARK_BUILD=1: the no-auth twin page, into .next-bench; see next.config.ts).
 */
export function buildApp(): void {
  run('npm', ['run', 'build'], { BENCHMARK_BUILD: '1' });
}

/**
 * The bare Next 16 app (bench/bare-next), given the app's response headers for its shell
 * variants: its config cannot import the app's next.config.ts. Then the same copy of the
 * browser's assets beside server.js that deploy/copy-assets.ts makes for the app.
 */
export async function buildBare(): Promise<void> {
  const everyPath = (await nextConfig.headers?.())?.find((rule) => rule.source === '/:path*');
  if (!everyPath) throw new Error("next.config.ts has no headers for '/:path*': the bare app's shell variants would lack them");
  run('npx', ['next', 'build', BARE_DIR], { BENCH_APP_HEADERS: JSON.stringify(everyPath.headers) });
  const target = join(BARE_DIR, '.next/standalone', BARE_DIR, '.next/static');
  rmSync(target, { recursive: true, force: true });
  cpSync(join(BARE_DIR, '.next/static'), target, { recursive: true });
}

function run(command: string, args: string[], env: Record<string, string>): void {
  console.log(`[bench] ${command} ${args.join(' ')} (${Object.keys(env).join(', ')})`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}
