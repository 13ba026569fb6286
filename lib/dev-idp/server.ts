import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { authenticate } from './accounts';
import { loginPage } from './pages';
import { API_RESOURCE, createRealm } from './realm';
import type { Settings } from './settings';

/** Token endpoint calls by grant type: tests assert on these (for example, "exactly one refresh"). */
export type GrantCounts = Record<string, number>;

/** The last token response, so tests can prove no token string reaches the browser. Dev only. */
export interface IssuedTokens {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
}

export interface DevIdp {
  server: Server;
  provider: Provider;
  grants: GrantCounts;
  lastIssued: IssuedTokens;
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

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Login and consent for one interaction. Consent is granted automatically, as for a first-party app. */
async function interaction(provider: Provider, settings: Settings, req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const base = `${settings.realmPath}/interaction/${uid}`;
  const clientId = String(details.params.client_id ?? '');
  if (action === 'abort' && req.method === 'POST') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    if (action === 'login' && req.method === 'POST') {
      const form = await readForm(req);
      const account = authenticate(form.get('username') ?? '', form.get('password') ?? '');
      if (!account) {
        send(res, 401, 'text/html; charset=utf-8', loginPage({ action: `${base}/login`, abort: `${base}/abort`, clientId, error: 'Unknown username or wrong password.', username: form.get('username') ?? '' }));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    send(res, 200, 'text/html; charset=utf-8', loginPage({ action: `${base}/login`, abort: `${base}/abort`, clientId }));
    return;
  }
  if (details.prompt.name === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session?.accountId, clientId });
    if (!grant) throw new Error('grant not found');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? { [API_RESOURCE]: [] })) grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  send(res, 400, 'text/plain', `unsupported prompt ${details.prompt.name}`);
}

export async function startDevIdp(settings: Settings): Promise<DevIdp> {
  const provider = createRealm(settings);
  const grants: GrantCounts = {};
  const lastIssued: IssuedTokens = {};
  provider.on('grant.success', (ctx) => {
    const type = String(ctx.oidc.params?.grant_type ?? 'unknown');
    grants[type] = (grants[type] ?? 0) + 1;
    const body = ctx.body as IssuedTokens;
    Object.assign(lastIssued, { access_token: body.access_token, refresh_token: body.refresh_token, id_token: body.id_token });
  });
  provider.on('server_error', (_ctx, error) => console.error('[dev-idp] server error', error));
  const callback = provider.callback();
  const prefix = settings.realmPath;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', settings.issuer);
    const handle = async () => {
      if (url.pathname === '/__dev/stats') return send(res, 200, 'application/json', JSON.stringify({ grants, lastIssued }));
      const match = url.pathname.match(new RegExp(`^${prefix}/interaction/([\\w-]+)(?:/(login|abort))?$`));
      if (match?.[1]) return interaction(provider, settings, req, res, match[1], match[2]);
      if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
        // Mount the provider under the realm path: it routes relative to the mount and
        // reads the prefix back from originalUrl when it builds its own URLs.
        Object.assign(req, { originalUrl: req.url, url: req.url?.slice(prefix.length) || '/' });
        return callback(req, res);
      }
      send(res, 404, 'text/plain', `Not found. The demo realm is at ${settings.issuer}`);
    };
    handle().catch((error: unknown) => {
      console.error('[dev-idp]', error);
      if (!res.headersSent) send(res, 500, 'text/plain', 'local provider error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, 'localhost', () => resolve());
  });
  return {
    server,
    provider,
    grants,
    lastIssued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
