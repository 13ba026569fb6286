import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { deviceCodePage, deviceConfirmPage, messagePage } from './pages';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Pages of the verification URI (RFC 8628 3.3): enter the code, confirm it, done. */
export const deviceFlowPages = {
  async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out: unknown, error?: Error) {
    ctx.body = deviceCodePage(form, error ? 'That code is wrong or has expired. Check your terminal and try again.' : undefined);
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
