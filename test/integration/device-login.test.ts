import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../lib/auth/errors';
import { cliProvider, deviceLogin } from '../../dev/device-login/device-login';
import { DEV_CLI_CLIENT_ID, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import type { DevIdp } from '../../dev/local-provider/server';
import { answerDeviceCode } from '../kit/device-code';
import { testEnv } from '../kit/env';
import { startIdp } from '../kit/local-provider';
import { waitFor } from '../kit/wait';

/**
 * `npm run device-login` (RFC 8628) against the local provider. A test plays the person with
 * the browser: it opens the printed link and approves or denies. Polling every second keeps it short.
 */
const started: DevIdp[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((idp) => idp.close()));
});

async function provider(settings: Record<string, string> = {}, options: { deviceSlowDowns?: number } = {}): Promise<DevIdp> {
  const idp = await startIdp('http://localhost:3999', { DEV_IDP_DEVICE_POLL_INTERVAL: '1', ...settings }, options);
  started.push(idp);
  return idp;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real script; `onLink` gets the verification_uri_complete it prints. When what
 * `onLink` started fails (a wait that gave up), the script is stopped and the run fails with that.
 */
function runDeviceLogin(issuer: string, onLink: (url: string) => Promise<unknown> | undefined): Promise<CliRun> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'dev/device-login/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', KEYCLOAK_ISSUER: issuer, KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: CliRun = { code: null, stdout: '', stderr: '' };
  let linked = false;
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      const link = /\(or open (\S+)\)/.exec(run.stdout)?.[1];
      if (link && !linked) {
        linked = true;
        onLink(link)?.catch((error: unknown) => {
          child.kill('SIGKILL');
          reject(error);
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ ...run, code }));
  });
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

describe('npm run device-login', () => {
  it('prints the link and code, polls every interval, and prints the claims once approved', async () => {
    const idp = await provider();
    let approval: Promise<{ status: number }> | undefined;
    const run = await runDeviceLogin(idp.realms[0]!.settings.issuer, (link) => {
      // Approve only after the script has polled twice, so its spacing can be measured.
      approval = (async () => {
        await waitFor('the script to poll twice', () => idp.stats.demo.devicePolls.length >= 2, 5000, 50);
        return answerDeviceCode(link, { approveAs: 'alice' });
      })();
      return approval;
    });
    expect((await approval)?.status).toBe(200);
    expect(run.stderr).not.toMatch(/failed|denied|expired/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/To sign in, open http:\/\/localhost:\d+\/realms\/demo\/device\nand enter the code: [A-Z]{4}-[A-Z]{4}/);
    expect(run.stdout).toContain('Signed in as alice.');
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf('{')))).toMatchObject({ sub: 'a1f3c2d4-0000-4000-8000-000000000001', email: 'alice@example.com', aud: DEV_CLI_CLIENT_ID });
    expect(idp.stats.demo.grants['urn:ietf:params:oauth:grant-type:device_code']).toBe(1);
    // Never sooner than the 1 s interval the provider asked for (a few ms of timer jitter aside).
    for (const gap of gaps(idp.stats.demo.devicePolls)) expect(gap).toBeGreaterThanOrEqual(990);
  });

  it('reports a denial clearly and exits 1', async () => {
    const idp = await provider();
    let denial: Promise<{ status: number }> | undefined;
    const run = await runDeviceLogin(idp.realms[0]!.settings.issuer, (link) => (denial = answerDeviceCode(link, 'deny')));
    await denial;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The sign-in was denied in the browser. Nothing was signed in.');
    expect(run.stdout).not.toContain('Signed in as');
  });

  it('reports an expired code clearly and exits 1', async () => {
    const idp = await provider({ DEV_IDP_DEVICE_CODE_TTL: '2' });
    const run = await runDeviceLogin(idp.realms[0]!.settings.issuer, () => undefined);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The code expired before it was approved. Run npm run device-login again for a new one.');
  });
});

describe('device login polling (RFC 8628 3.5)', () => {
  it('after slow_down, waits 5 seconds longer before the next poll', async () => {
    const idp = await provider({}, { deviceSlowDowns: 1 });
    const issuer = idp.realms[0]!.settings.issuer;
    // The approval runs beside the login; if it fails (its wait gave up), so does the test, at once.
    let failApproval: (error: unknown) => void = () => undefined;
    const approvalFailed = new Promise<never>((_resolve, reject) => (failApproval = reject));
    const login = deviceLogin(cliProvider(issuer, DEV_CLI_CLIENT_ID), testEnv({ KEYCLOAK_ISSUER: issuer }), {
      prompt(authorization) {
        // Approve once the first poll has been answered slow_down, as a busy provider may.
        void (async () => {
          await waitFor('the first poll', () => idp.stats.demo.devicePolls.length >= 1, 5000, 50);
          await answerDeviceCode(authorization.verificationUriComplete!, { approveAs: 'bob' });
        })().catch(failApproval);
      },
    });
    const claims = await Promise.race([login, approvalFailed]);
    expect(claims.email).toBe('bob@example.com');
    const [first = 0, second = 0] = idp.stats.demo.devicePolls;
    expect(idp.stats.demo.devicePolls).toHaveLength(2);
    expect(second - first).toBeGreaterThanOrEqual(6 * 1000 - 10);
  });

  it('turns denial and expiry into coded errors', async () => {
    const idp = await provider({ DEV_IDP_DEVICE_CODE_TTL: '2' });
    const issuer = idp.realms[0]!.settings.issuer;
    const login = (prompt: (url: string) => void) => deviceLogin(cliProvider(issuer, DEV_CLI_CLIENT_ID), testEnv({ KEYCLOAK_ISSUER: issuer }), { prompt: (authorization) => prompt(authorization.verificationUriComplete!) });
    await expect(login((url) => void answerDeviceCode(url, 'deny'))).rejects.toEqual(expect.objectContaining({ code: 'access_denied' }));
    await expect(login(() => undefined)).rejects.toBeInstanceOf(AuthError);
    await expect(login(() => undefined)).rejects.toEqual(expect.objectContaining({ code: 'login_expired' }));
  });
});
