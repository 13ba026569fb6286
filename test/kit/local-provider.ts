import { startDevIdp, type DevIdp, type DevIdpOptions } from '../../dev/local-provider/server';
import { readSettings } from '../../dev/local-provider/settings';
import { freePort } from './ports';

/** The local provider, in this process on a free port, so tests read its counters directly. */
export async function startIdp(appUrl: string, settings: Record<string, string> = {}, options: DevIdpOptions = {}): Promise<DevIdp> {
  const port = await freePort();
  return startDevIdp(readSettings({ DEV_IDP_PORT: String(port), APP_URL: appUrl, ...settings }), options);
}

/** Refresh grants the demo realm has answered. */
export function refreshCount(idp: DevIdp): number {
  return idp.stats.demo.grants.refresh_token ?? 0;
}
