import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errors } from 'oidc-provider';
import { isLoopbackHost } from '../../lib/auth/http/loopback';
import { DEMO_ACCOUNTS, authenticate } from './accounts';
import { loginPage, messagePage } from './pages';
import { enforceDevicePolling } from './device-flow';
import { API_RESOURCE, createGoogleRealm, createKeycloakRealm, type Realm } from './realm';
import type { Settings } from './settings';

/** The last token response, so tests can prove no token string reaches the browser. Dev only. */
export interface IssuedTokens {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
}

/** What one realm's endpoints have done: tests assert on these ("exactly one refresh"). */
export interface RealmStats {
  /** Every HTTP request the realm received (interactions included). */
  requests: number;
  /** Successful token endpoint calls by grant type. */
  grants: Record<string, number>;
  /** Grants revoked through the revocation endpoint (RFC 7009). */
  revocations: number;
  /** Completed RP-initiated logouts. */
  endSessions: number;
  /** Logout tokens delivered to the app (OIDC Back-Channel Logout), and failed deliveries. */
  backchannel: { delivered: number; failed: number };
  /** When each device-flow poll arrived (epoch milliseconds), to check the client's spacing. */
  devicePolls: number[];
  lastIssued: IssuedTokens;
  /** How the client authenticated at the token endpoint, per successful grant (and the assertion's kid). */
  clientAuthentications: { method: string; kid?: string }[];
  /** Pushed authorization requests accepted (RFC 9126). */
  pushedRequests: number;
  /** Token requests answered use_dpop_nonce (RFC 9449 8): each should be followed by one retry. */
  dpopNonceChallenges: number;
}

export interface DevIdpOptions {
  /** Tests: answer the first N polls of each device code with slow_down (RFC 8628 3.5). */
  deviceSlowDowns?: number;
}

export interface DevIdp {
  server: Server;
  realms: Realm[];
  stats: Record<Realm['name'], RealmStats>;
  close(): Promise<void>;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The provider's own mark (a key on amber), so its tabs are told apart from the app's; and no 404 per page. */
const FAVICON = readFileSync(new URL('./favicon.ico', import.meta.url));

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Login and consent for one interaction. Consent is granted automatically, as for a first-party app. */
async function interaction(realm: Realm, req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  const { provider } = realm;
  let details: Awaited<ReturnType<typeof provider.interactionDetails>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    // The interaction cookie is missing or stale: the page was opened in another browser, or
    // the sign-in expired. A page that says so, not a stack trace.
    if (!(error instanceof errors.SessionNotFound)) throw error;
    return send(res, 400, 'text/html; charset=utf-8', messagePage('This sign-in cannot continue here', 'It was started in another browser, or it has expired. Go back to the app and sign in again.'));
  }
  const base = `${realm.settings.path}/interaction/${uid}`;
  const clientId = String(details.params.client_id ?? '');
  const page = (extra: { error?: string; username?: string } = {}) => loginPage({ title: realm.title, action: `${base}/login`, abort: `${base}/abort`, clientId, ...extra });
  if (action === 'abort' && req.method === 'POST') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    if (action === 'login' && req.method === 'POST') {
      const form = await readForm(req);
      const account = authenticate(form.get('username') ?? '', form.get('password') ?? '');
      if (!account) return send(res, 401, 'text/html; charset=utf-8', page({ error: 'Unknown username or wrong password.', username: form.get('username') ?? '' }));
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    return send(res, 200, 'text/html; charset=utf-8', page());
  }
  if (details.prompt.name === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session?.accountId, clientId });
    if (!grant) throw new Error('grant not found');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const resources = missing.missingResourceScopes ?? (realm.name === 'demo' ? { [API_RESOURCE]: [] } : {});
    for (const [resource, scopes] of Object.entries(resources)) grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    realm.onConsent(details.params, grantId);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  send(res, 400, 'text/plain', `unsupported prompt ${details.prompt.name}`);
}

function observe(realm: Realm): RealmStats {
  const stats: RealmStats = { requests: 0, grants: {}, revocations: 0, endSessions: 0, backchannel: { delivered: 0, failed: 0 }, devicePolls: [], lastIssued: {}, clientAuthentications: [], pushedRequests: 0, dpopNonceChallenges: 0 };
  realm.provider.on('grant.success', (ctx) => {
    const type = String(ctx.oidc.params?.grant_type ?? 'unknown');
    stats.grants[type] = (stats.grants[type] ?? 0) + 1;
    const assertion = ctx.oidc.params?.client_assertion;
    const kid = typeof assertion === 'string' ? (JSON.parse(Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString()) as { kid?: string }).kid : undefined;
    if (stats.clientAuthentications.push({ method: String(ctx.oidc.client?.clientAuthMethod), ...(kid && { kid }) }) > 1000) stats.clientAuthentications.shift();
    const body = ctx.body as IssuedTokens;
    stats.lastIssued = { access_token: body.access_token, refresh_token: body.refresh_token, id_token: body.id_token };
  });
  realm.provider.on('pushed_authorization_request.success', () => {
    stats.pushedRequests += 1;
  });
  realm.provider.on('grant.error', (_ctx, error: { error?: string }) => {
    if (error.error === 'use_dpop_nonce') stats.dpopNonceChallenges += 1;
  });
  realm.provider.on('grant.revoked', (ctx) => {
    if (ctx.oidc.route === 'revocation') stats.revocations += 1;
  });
  realm.provider.on('end_session.success', () => {
    stats.endSessions += 1;
  });
  realm.provider.on('backchannel.success', () => {
    stats.backchannel.delivered += 1;
  });
  realm.provider.on('backchannel.error', (_ctx, error) => {
    stats.backchannel.failed += 1;
    console.warn(`[dev-idp] back-channel logout failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  realm.provider.on('server_error', (_ctx, error) => console.error(`[dev-idp] ${realm.name} server error`, error));
  return stats;
}

/** Provider session ids by account, so an administrator can end all of one person's sessions. */
function trackSessions(realm: Realm): Map<string, Set<string>> {
  const byAccount = new Map<string, Set<string>>();
  realm.provider.on('session.saved', (session: { accountId?: string; jti: string }) => {
    if (!session.accountId) return;
    const ids = byAccount.get(session.accountId) ?? new Set<string>();
    byAccount.set(session.accountId, ids.add(session.jti));
  });
  return byAccount;
}

/**
 * Like Keycloak's "Sign out all sessions" for a user: ends every provider session of the
 * account, revokes its grants, and sends each app a logout token (OIDC Back-Channel Logout).
 */
async function endAllSessions(realm: Realm, sessions: Map<string, Set<string>>, sub: string): Promise<number> {
  let ended = 0;
  for (const id of sessions.get(sub) ?? []) {
    const session = await realm.provider.Session.find(id);
    if (!session) continue;
    for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
      // The model's typings omit backchannelLogout(); it is the method end_session uses itself.
      const client = (await realm.provider.Client.find(clientId)) as { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
      if (client?.backchannelLogoutUri) await client.backchannelLogout(sub, String(authorization.sid ?? '')).then(() => realm.provider.emit('backchannel.success'), (error: unknown) => realm.provider.emit('backchannel.error', undefined, error));
      if (authorization.grantId) await (await realm.provider.Grant.find(authorization.grantId))?.destroy();
    }
    await session.destroy();
    ended += 1;
  }
  sessions.delete(sub);
  return ended;
}

/** The host name of a Host header ("localhost:4000", "[::1]:4000"), or "" when there is none. */
function hostOf(header: string | undefined): string {
  if (!header) return '';
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return '';
  }
}

export async function startDevIdp(settings: Settings, options: DevIdpOptions = {}): Promise<DevIdp> {
  const realms = [createKeycloakRealm(settings), createGoogleRealm(settings)];
  const stats = { demo: observe(realms[0]!), google: observe(realms[1]!) };
  enforceDevicePolling(realms[0]!.provider, { interval: settings.devicePollInterval, slowDowns: options.deviceSlowDowns ?? 0, onPoll: (at) => {
      // The last thousand, so a long-running dev provider does not grow without bound.
      if (stats.demo.devicePolls.push(at) > 1000) stats.demo.devicePolls.shift();
    },
  });
  const mounted = realms.map((realm) => ({ realm, callback: realm.provider.callback() }));
  const demoSessions = trackSessions(realms[0]!);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://localhost:${settings.port}`);
    const handle = async () => {
      // Debugging endpoints answer only requests addressed to a loopback host: a page elsewhere
      // that rebinds its DNS name to 127.0.0.1 cannot read the stats or sign people out.
      if (url.pathname.startsWith('/__dev/') && !isLoopbackHost(hostOf(req.headers.host))) return send(res, 404, 'text/plain', 'Not found');
      if (url.pathname === '/favicon.ico') {
        res.writeHead(200, { 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=86400' });
        return void res.end(FAVICON);
      }
      if (url.pathname === '/__dev/stats') return send(res, 200, 'application/json', JSON.stringify(stats));
      // Dev-only admin action: POST /__dev/logout?username=alice ends all of alice's sessions.
      if (url.pathname === '/__dev/logout' && req.method === 'POST') {
        const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === url.searchParams.get('username'));
        if (!account) return send(res, 404, 'application/json', '{"error":"unknown user"}');
        return send(res, 200, 'application/json', JSON.stringify({ ended: await endAllSessions(realms[0]!, demoSessions, account.sub) }));
      }
      for (const { realm, callback } of mounted) {
        const prefix = realm.settings.path;
        if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) stats[realm.name].requests += 1;
        const match = url.pathname.match(new RegExp(`^${prefix}/interaction/([\\w-]+)(?:/(login|abort))?$`));
        if (match?.[1]) return interaction(realm, req, res, match[1], match[2]);
        if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
          // Mount the provider under its path: it routes relative to the mount and reads the
          // prefix back from originalUrl when it builds its own URLs.
          Object.assign(req, { originalUrl: req.url, url: req.url?.slice(prefix.length) || '/' });
          return callback(req, res);
        }
      }
      send(res, 404, 'text/plain', `Not found. Issuers: ${realms.map((realm) => realm.settings.issuer).join(', ')}`);
    };
    handle().catch((error: unknown) => {
      console.error('[dev-idp]', error);
      if (!res.headersSent) send(res, 500, 'text/html; charset=utf-8', messagePage('Something went wrong', 'The local provider could not handle this request. Its terminal shows the details.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, 'localhost', () => resolve());
  });
  return { server, realms, stats, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
