import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEV_APP_URL } from '../defaults';

/** The realm file docker-compose.yml mounts: the suite imports this very file. */
export const REALM_FILE = fileURLToPath(new URL('./demo-realm.json', import.meta.url));

/**
 * The origins the realm file names: the app of `npm run dev`, and the same app as a Keycloak in
 * a container reaches it for back-channel logout (docker-compose.yml's host-gateway).
 */
export const REALM_APP_ORIGINS = [DEV_APP_URL, 'http://host.docker.internal:3000'];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function retarget(value: Json, appOrigin: string): Json {
  if (typeof value === 'string') {
    const origin = REALM_APP_ORIGINS.find((candidate) => value === candidate || value.startsWith(`${candidate}/`));
    return origin ? `${appOrigin}${value.slice(origin.length)}` : value;
  }
  if (Array.isArray(value)) return value.map((item) => retarget(item, appOrigin));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, retarget(item, appOrigin)]));
  return value;
}

/**
 * The realm import for an app at `appUrl`: the file as it is, with every URL that names the dev
 * app (redirect, post-logout, back-channel, JWKS, web origin) moved to `appUrl`'s origin, and the
 * top-level realm settings in `overrides` (token lifetimes, events) replaced. A client named in
 * `clientAppUrls` gets that app's origin instead: an app instance per client, each with its own
 * APP_URL (a browser keeps cookies per host, not per port, so two clients cannot share one).
 *
 * Templating the import, rather than fixing URLs through the admin API after start, means the
 * server runs exactly the configuration that was imported: one step, no window in which the
 * realm names the wrong app, and any import error in the file shows up here first.
 */
export function realmImport(appUrl: string, overrides: Record<string, Json> = {}, clientAppUrls: Record<string, string> = {}): Record<string, Json> {
  const { clients = [], ...realm } = JSON.parse(readFileSync(REALM_FILE, 'utf8')) as Record<string, Json>;
  if (!Array.isArray(clients)) throw new Error(`${REALM_FILE}: clients is not an array`);
  const named = new Set(Object.keys(clientAppUrls));
  const moved = clients.map((client) => {
    const clientId = client && typeof client === 'object' && !Array.isArray(client) ? client.clientId : undefined;
    const target = typeof clientId === 'string' && Object.hasOwn(clientAppUrls, clientId) ? clientAppUrls[clientId] : undefined;
    if (typeof clientId === 'string') named.delete(clientId);
    return retarget(client, new URL(target ?? appUrl).origin);
  });
  if (named.size > 0) throw new Error(`${REALM_FILE} has no client ${[...named].join(', ')}`);
  return { ...(retarget(realm, new URL(appUrl).origin) as Record<string, Json>), clients: moved, ...overrides };
}
