import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEV_APP_URL } from '../defaults';
import { freePort } from '../../test/kit/ports';
import { adminTokenGetter } from './admin';
import { installKeycloak, type KeycloakInstall } from './install';
import { killGroupOnExit, stopProcessGroup, tail } from './processes';
import { realmImport } from './realm-import';
import { KEYCLOAK_REALM } from './version';

export interface KeycloakServer {
  /** `http://127.0.0.1:<port>/realms/demo`, as the discovery document names it. */
  issuer: string;
  /** `http://127.0.0.1:<port>`: the admin console is at `/admin`, the admin API at `/admin/realms`. */
  baseUrl: string;
  install: KeycloakInstall;
  admin: { username: string; password: string };
  /** A fresh-enough token of the master realm's admin, for the admin REST API. */
  adminToken(): Promise<string>;
  /** Keycloak's own output, for a failing test to show. */
  logFile: string;
  /** Milliseconds from spawning kc.sh until the realm's discovery document answered. */
  startupMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The app the realm's redirect, post-logout and back-channel URLs point at. Default: the dev app. */
  appUrl?: string;
  /** Clients served by another app instance, by client id: that instance's APP_URL (see realmImport). */
  clientAppUrls?: Record<string, string>;
  /** Default: a free loopback port. */
  port?: number;
  /** Top-level realm settings to replace in the import (see realmImport). */
  realmOverrides?: Parameters<typeof realmImport>[1];
  /** Where Keycloak's output goes. Default: inside the run folder, deleted by stop(). */
  logFile?: string;
  /** Bound on the start, which includes Quarkus's one-off build step on the first run. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

/** SIGTERM is normally enough within a second or two; past this the JVM is killed. */
const STOP_GRACE_MS = 20_000;

/**
 * A run folder that looks like a Keycloak home: kc.sh copied (it finds its home from its own
 * path), lib/, conf/, themes/, providers/ linked to the installation, and a data/ folder of
 * its own. So each run starts with an empty database and `--import-realm` imports every time,
 * and the installation itself (the cache, or KEYCLOAK_HOME) keeps no state between runs.
 */
function prepareRunHome(install: KeycloakInstall, realm: unknown): string {
  const run = mkdtempSync(join(tmpdir(), 'keycloak-run-'));
  mkdirSync(join(run, 'bin'));
  copyFileSync(join(install.home, 'bin', 'kc.sh'), join(run, 'bin', 'kc.sh'));
  for (const entry of readdirSync(install.home)) {
    if (entry !== 'bin' && entry !== 'data') symlinkSync(join(install.home, entry), join(run, entry));
  }
  mkdirSync(join(run, 'data', 'import'), { recursive: true });
  writeFileSync(join(run, 'data', 'import', `${KEYCLOAK_REALM}-realm.json`), JSON.stringify(realm, null, 2));
  return run;
}

/**
 * Keycloak in development mode (start-dev: plain http, an embedded H2 database) on 127.0.0.1,
 * with the demo realm imported. Resolves once the realm's discovery document answers with the
 * expected issuer; fails with the tail of Keycloak's output if it exits or takes too long.
 */
export async function startKeycloak(options: StartOptions = {}): Promise<KeycloakServer> {
  const log = options.log ?? (() => undefined);
  const install = await installKeycloak(log);
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = `${baseUrl}/realms/${KEYCLOAK_REALM}`;
  const admin = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const run = prepareRunHome(install, realmImport(options.appUrl ?? DEV_APP_URL, options.realmOverrides, options.clientAppUrls));
  const logFile = options.logFile ?? join(run, 'keycloak.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');

  const started = Date.now();
  const child = spawn(
    join(run, 'bin', 'kc.sh'),
    [
      'start-dev',
      '--http-host=127.0.0.1',
      `--http-port=${port}`,
      // A fixed hostname (Keycloak's hostname v2 takes a full URL): the issuer never depends on
      // the Host header a request happened to carry.
      `--hostname=${baseUrl}`,
      '--import-realm',
      // dev-file is start-dev's default; named so a KEYCLOAK_HOME whose keycloak.conf picks
      // another database still gets the run folder's own, empty one.
      '--db=dev-file',
      // No --features: PAR, DPoP (supported since 26.4), device flow and standard token exchange
      // are default features of 26.x, on without a flag (the high-security spec checks DPoP is).
    ],
    {
      cwd: run,
      // Its own process group, so stop() reaches kc.sh and the JVM it starts.
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, KC_BOOTSTRAP_ADMIN_USERNAME: admin.username, KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password },
    },
  );
  closeSync(out);
  const forgetExitHook = killGroupOnExit(child);
  const output = () => tail(readFileSync(logFile, 'utf8'));

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= stopProcessGroup(child, STOP_GRACE_MS).then((how) => {
      forgetExitHook();
      if (how === 'killed') log(`Keycloak did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed`);
      rmSync(run, { recursive: true, force: true });
    });
    return stopped;
  };

  try {
    await waitForIssuer(issuer, () => child.exitCode !== null || child.signalCode !== null, options.readyTimeoutMs ?? 240_000);
  } catch (error) {
    const text = output();
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n── last lines of Keycloak's output ──\n${text}`);
  }
  return { issuer, baseUrl, install, admin, adminToken: adminTokenGetter(baseUrl, admin), logFile, startupMs: Date.now() - started, stop };
}

async function waitForIssuer(issuer: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (hasExited()) throw new Error('Keycloak exited before it was ready');
    const metadata = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => (response.ok ? (response.json() as Promise<{ issuer?: string }>) : undefined))
      .catch(() => undefined);
    if (metadata) {
      if (metadata.issuer !== issuer) throw new Error(`Keycloak's discovery document names issuer ${metadata.issuer}, expected ${issuer}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, attempt < 20 ? 250 : 1000));
  }
  throw new Error(`Keycloak did not answer ${issuer}/.well-known/openid-configuration within ${timeoutMs / 1000} s`);
}
