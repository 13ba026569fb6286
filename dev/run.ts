import { spawn, type ChildProcess } from 'node:child_process';
import nextEnv from '@next/env';
import { DEMO_ACCOUNTS } from './local-provider/accounts';
import { DEV_API_PORT, DEV_IDP_PORT, DEV_REALM_PATH } from './defaults';
import { zeroConfig } from './zero-config';

/**
 * `npm run dev`: the local OpenID Provider, the sample API and `next dev` together, one command.
 * The app gets the zero-configuration values (zero-config.ts) in its environment, after the
 * .env files are read as `next dev` reads them. Ctrl-C (or any process exiting) stops all three,
 * so no orphan keeps a port busy. Once all three answer, a banner says where to go and as whom.
 */
nextEnv.loadEnvConfig(process.cwd(), true, { info: () => undefined, error: console.error });
const { env: defaults, notices } = zeroConfig(process.env);
for (const notice of notices) console.log(notice);
// The app names the demo users on its home page (app/demo-users.ts) without importing dev/.
const appEnv = { ...process.env, ...defaults, DEV_DEMO_USERS: JSON.stringify(DEMO_ACCOUNTS) };
const appUrl = defaults.APP_URL ?? process.env.APP_URL ?? '';
// Where the two children listen: the ports they read from the same environment.
const issuer = `http://localhost:${process.env.DEV_IDP_PORT?.trim() || DEV_IDP_PORT}${DEV_REALM_PATH}`;
const apiUrl = `http://localhost:${process.env.DEMO_API_PORT?.trim() || DEV_API_PORT}`;

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

/** True once `url` answers at all (any status): the sample API says 401 without a token. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(60_000) });
    return true;
  } catch {
    return false;
  }
}

/** Waits for the three servers (the app's first answer also compiles its home page), then prints the banner. */
async function announceWhenReady(): Promise<void> {
  const targets = [`${issuer}/.well-known/openid-configuration`, `${apiUrl}/api/me`, `${appUrl}/`];
  for (const target of targets) {
    while (!stopping && !(await answers(target))) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (stopping) return;
  // `next dev` compiles a route on its first request, which can take longer than the 2.5 s
  // oidc-provider waits for a back-channel logout delivery: the first sign-out would print
  // "back-channel logout failed". An empty POST compiles the route now (it answers 400).
  await fetch(`${appUrl}/auth/backchannel-logout/keycloak`, { method: 'POST', signal: AbortSignal.timeout(60_000) }).catch(() => undefined);
  console.log(banner());
}

function banner(): string {
  const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[22m` : text);
  const width = Math.max(...DEMO_ACCOUNTS.map((account) => `${account.username} / ${account.password}`.length));
  const users = DEMO_ACCOUNTS.map((account) => `    ${`${account.username} / ${account.password}`.padEnd(width)}   ${account.roles.join(', ')}${account.note ? ` (${account.note})` : ''}`);
  const lines = [
    '',
    `  ${bold('Next OIDC BFF is ready:')} ${bold(appUrl)}`,
    '',
    '  Sign in as (user / password):',
    ...users,
    '',
    `  Local provider   ${issuer}`,
    `  Sample API       ${apiUrl}`,
    '  Terminal         npm run device-login   (sign a CLI in with the device grant)',
    '',
    '  Ctrl-C stops all three.',
  ];
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    lines.push(
      '',
      `  About "oidc-provider WARNING: Unsupported runtime" above: the local provider's library asks for`,
      `  Node.js 22 or later. It runs on this Node.js ${process.versions.node} for development; the app itself needs`,
      '  only 20.9. Use Node.js 22 to make the notice go away.',
    );
  }
  return `${lines.join('\n')}\n`;
}

void announceWhenReady();
