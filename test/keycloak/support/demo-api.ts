import { spawn } from 'node:child_process';
import { get } from '../../kit/http';
import { freePort } from '../../kit/ports';
import { waitFor } from '../../kit/wait';
import { stopProcessGroup } from '../../../dev/keycloak/processes';

/**
 * The sample resource server as `npm run dev:api` runs it, trusting `issuer` (Keycloak here):
 * it fetches that issuer's discovery document and keys, and checks every token on its own.
 */
export async function startDemoApiProcess(issuer: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/sample-api/main.ts'], {
    // DPoP proofs must carry its nonce (RFC 9449 9), so the high-security instance's calls take
    // the one retry on use_dpop_nonce; Bearer tokens are not affected.
    env: { ...process.env, NODE_ENV: 'test', DEMO_API_PORT: String(port), DEMO_API_ISSUER: issuer, DEMO_API_DPOP_NONCE: 'true' },
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://localhost:${port}`;
  await waitFor(`the demo API on ${url}`, async () => {
    if (child.exitCode !== null) throw new Error(`the demo API exited with ${child.exitCode}`);
    // Without a token it answers 401: it is listening.
    return (await get(`${url}/api/me`)).status === 401;
  }, 30_000);
  return { url, stop: async () => void (await stopProcessGroup(child, 5_000)) };
}
