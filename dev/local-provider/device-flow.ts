import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { deviceCodePage, deviceConfirmPage, messagePage } from './pages';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

type Message = { text: string; tone: 'error' | 'info' };

/**
 * A code whose confirmation was given but whose sign-in was never finished (the tab was closed
 * at the login page) stays "in flight" in oidc-provider, and re-entering it is refused as
 * already used while the terminal keeps waiting. A dev provider lets it start over instead: the
 * code is still unused, unexpired and undenied, and the person types it again, as the first time.
 */
async function resumeAbandoned(ctx: KoaContextWithOIDC, userCode: string): Promise<boolean> {
  const code = await ctx.oidc.provider.DeviceCode.findByUserCode(userCode.toUpperCase().replace(/\W/g, ''), { ignoreExpiration: true });
  if (!code?.inFlight || code.accountId || code.error || code.isExpired) return false;
  code.inFlight = false;
  await code.save();
  return true;
}

/** What went wrong with the code, in words for the person at the browser (oidc-provider's error names). */
async function messageFor(ctx: KoaContextWithOIDC, error: Error & { userCode?: string }): Promise<Message> {
  switch (error.name) {
    case 'AbortedError':
      return { text: 'Sign-in denied: nothing was signed in, and your terminal says so too.', tone: 'info' };
    case 'NoCodeError':
      return { text: 'Enter the code your terminal shows.', tone: 'error' };
    case 'NotFoundError':
      return { text: 'No sign-in is waiting for that code. Check it against your terminal and try again.', tone: 'error' };
    case 'ExpiredError':
      return { text: 'That code has expired. Run npm run device-login again for a new one.', tone: 'error' };
    case 'AlreadyUsedError':
      if (error.userCode && (await resumeAbandoned(ctx, error.userCode))) return { text: 'This code’s sign-in was started but not finished. Continue to pick it up again.', tone: 'info' };
      return { text: 'That code has already been used. Run npm run device-login again for a new one.', tone: 'error' };
    default:
      return { text: 'Something went wrong with that code. Try again.', tone: 'error' };
  }
}

/** Pages of the verification URI (RFC 8628 3.3): enter the code, confirm it, done. */
export const deviceFlowPages = {
  async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out: unknown, error?: Error & { userCode?: string }) {
    ctx.body = deviceCodePage(form, error ? await messageFor(ctx, error) : undefined);
  },
  async userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, client: { clientId: string; clientName?: string }, _deviceInfo: unknown, userCode: string) {
    ctx.body = deviceConfirmPage(form, client.clientName ?? client.clientId, userCode);
  },
  async successSource(ctx: KoaContextWithOIDC) {
    ctx.body = messagePage('Device signed in', 'You can close this page and go back to your terminal.');
  },
};

export interface DevicePolling {
  /** Seconds between polls the provider asks for, and enforces. */
  interval: number;
  /** Tests: answer this many first polls of each device code with slow_down, as a busy provider may. */
  slowDowns: number;
  /** Called with the time of every poll (milliseconds), so tests can check the spacing. */
  onPoll(at: number): void;
}

/**
 * oidc-provider leaves polling policy to its host: it never names an `interval` and never
 * answers slow_down. This adds both as Keycloak does: the device authorization response
 * carries `interval`, and a poll that comes sooner than that after the previous one is answered
 * slow_down (RFC 8628 3.5), after which the client must wait 5 seconds longer.
 */
export function enforceDevicePolling(provider: Provider, policy: DevicePolling): void {
  const lastPoll = new Map<string, { at: number; count: number }>();
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc as KoaContextWithOIDC['oidc'] | undefined;
    if (!oidc) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (oidc.route === 'device_authorization' && ctx.status === 200 && body) {
      ctx.body = { ...body, interval: policy.interval };
      return;
    }
    const params = oidc.params as Record<string, unknown> | undefined;
    if (oidc.route !== 'token' || params?.grant_type !== DEVICE_CODE_GRANT || typeof params.device_code !== 'string') return;
    const now = Date.now();
    policy.onPoll(now);
    const previous = lastPoll.get(params.device_code);
    const count = (previous?.count ?? 0) + 1;
    if (body?.error !== 'authorization_pending') {
      lastPoll.delete(params.device_code);
      return;
    }
    lastPoll.set(params.device_code, { at: now, count });
    // Codes a client abandoned never get a final poll: keep the newest thousand only.
    if (lastPoll.size > 1000) lastPoll.delete(lastPoll.keys().next().value as string);
    const tooSoon = previous !== undefined && now - previous.at < policy.interval * 1000;
    if (tooSoon || count <= policy.slowDowns) {
      ctx.status = 400;
      ctx.body = { error: 'slow_down', error_description: 'you are polling too quickly and should back off' };
    }
  });
}
