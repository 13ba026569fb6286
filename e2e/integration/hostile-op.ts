import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';

/**
 * A scriptable, misbehaving OpenID Provider for tests. Correct by default: discovery, JWKS, an
 * authorization endpoint that signs the user in at once, a token endpoint that checks client
 * authentication and PKCE, refresh and revocation. Each hook corrupts one step.
 */
export type Signing = 'rs256' | 'bad-signature' | 'none' | 'hs256-client-secret' | 'unknown-kid' | 'other-key-same-kid';

/** A raw HTTP answer, a wait that never ends, or a JSON body to send as usual. */
export type Reply = { status: number; contentType: string; body: string } | 'hang';

export interface Hooks {
  discovery?(metadata: Record<string, unknown>): Record<string, unknown>;
  /** The parameters sent back to the redirect URI (code, state, iss). */
  authorizationResponse?(params: URLSearchParams): URLSearchParams;
  idTokenClaims?(claims: JWTPayload): JWTPayload;
  idTokenSigning?: Signing;
  /** The token endpoint's JSON for the code grant, or a raw reply instead. */
  tokenResponse?(body: Record<string, unknown>): Record<string, unknown> | Reply;
  /** The same for the refresh grant. */
  refreshResponse?(body: Record<string, unknown>): Record<string, unknown> | Reply;
  revocation?(): Reply | undefined;
}

interface PendingCode {
  nonce?: string;
  challenge?: string;
  method?: string;
  redirectUri: string;
}

export class HostileOp {
  hooks: Hooks = {};
  readonly authorizationRequests: URLSearchParams[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  revocations = 0;
  readonly clientId = 'hostile-client';
  readonly clientSecret = 'hostile-client-secret-that-is-long-enough';
  readonly subject = 'hostile-user-1';
  /** The provider session id of the latest sign-in (the ID token's `sid`). */
  lastSid = '';
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Set<string>();
  private server?: Server;
  private keys?: { privateKey: CryptoKey; publicJwk: JWK; otherKey: CryptoKey };

  constructor(readonly issuer: string) {}

  reset(): void {
    this.hooks = {};
  }

  async start(port: number): Promise<void> {
    const [main, other] = [await generateKeyPair('RS256'), await generateKeyPair('RS256')];
    this.keys = { privateKey: main.privateKey, publicJwk: { ...(await exportJWK(main.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }, otherKey: other.privateKey };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error('[hostile-op]', error);
        if (!res.headersSent) this.reply(res, { status: 500, contentType: 'text/plain', body: 'hostile-op bug' });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  metadata(): Record<string, unknown> {
    const base = {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/authorize`,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: `${this.issuer}/jwks`,
      revocation_endpoint: `${this.issuer}/revoke`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    };
    return this.hooks.discovery?.(base) ?? base;
  }

  /** A correctly signed ID token with these claims, or one corrupted as `signing` says. */
  async idToken(claims: JWTPayload, signing: Signing = 'rs256', typ = 'JWT'): Promise<string> {
    const keys = this.keys!;
    const sign = (key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }) => new SignJWT(claims).setProtectedHeader({ ...header, typ }).sign(key);
    switch (signing) {
      case 'rs256':
        return sign(keys.privateKey, { alg: 'RS256', kid: 'k1' });
      case 'bad-signature': {
        const jwt = await sign(keys.privateKey, { alg: 'RS256', kid: 'k1' });
        const [header, payload, signature = ''] = jwt.split('.');
        const bytes = Buffer.from(signature, 'base64url');
        bytes[0] = (bytes[0] ?? 0) ^ 0xff;
        return `${header}.${payload}.${bytes.toString('base64url')}`;
      }
      case 'none':
        return `${Buffer.from(JSON.stringify({ alg: 'none', typ })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      case 'hs256-client-secret':
        return sign(new TextEncoder().encode(this.clientSecret), { alg: 'HS256', kid: 'k1' });
      case 'unknown-kid':
        return sign(keys.otherKey, { alg: 'RS256', kid: 'k-unknown' });
      case 'other-key-same-kid':
        return sign(keys.otherKey, { alg: 'RS256', kid: 'k1' });
    }
  }

  /** A logout token (OIDC Back-Channel Logout 1.0 section 2.4) for `sid`, corrupted by `change`. */
  async logoutToken(sid: string, change: (claims: JWTPayload) => JWTPayload = (claims) => claims, signing: Signing = 'rs256', typ = 'logout+jwt'): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: this.issuer, aud: this.clientId, iat: now, exp: now + 120, jti: randomBytes(12).toString('base64url'), sub: this.subject, sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } };
    return this.idToken(change(claims), signing, typ);
  }

  private reply(res: ServerResponse, reply: Reply): void {
    if (reply === 'hang') return; // never answer: the client's timeout must end this
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Cache-Control': 'no-store' });
    res.end(reply.body);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    this.reply(res, { status, contentType: 'application/json', body: JSON.stringify(body) });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const path = url.pathname.slice(new URL(this.issuer).pathname.length);
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') return this.json(res, 200, this.metadata());
    if (req.method === 'GET' && path === '/jwks') return this.json(res, 200, { keys: [this.keys!.publicJwk] });
    if (req.method === 'GET' && path === '/authorize') return this.authorize(url.searchParams, res);
    if (req.method === 'POST' && (path === '/token' || path === '/revoke')) {
      const form = new URLSearchParams(await readBody(req));
      if (!this.authenticated(req)) return this.json(res, 401, { error: 'invalid_client' });
      return path === '/token' ? this.token(form, res) : this.revoke(res);
    }
    this.json(res, 404, { error: 'not_found' });
  }

  private authorize(params: URLSearchParams, res: ServerResponse): void {
    this.authorizationRequests.push(params);
    const redirectUri = params.get('redirect_uri') ?? '';
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, { nonce: params.get('nonce') ?? undefined, challenge: params.get('code_challenge') ?? undefined, method: params.get('code_challenge_method') ?? undefined, redirectUri });
    const response = new URLSearchParams({ code, state: params.get('state') ?? '', iss: this.issuer });
    const callback = new URL(redirectUri);
    callback.search = (this.hooks.authorizationResponse?.(response) ?? response).toString();
    res.writeHead(302, { Location: callback.href });
    res.end();
  }

  /** RFC 6749 2.3.1: Basic credentials are form-encoded first, so decode both parts. */
  private authenticated(req: IncomingMessage): boolean {
    const [scheme, encoded = ''] = (req.headers.authorization ?? '').split(' ');
    const [id = '', secret = ''] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
    const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return scheme === 'Basic' && decode(id) === this.clientId && decode(secret) === this.clientSecret;
  }

  private async token(form: URLSearchParams, res: ServerResponse): Promise<void> {
    this.tokenRequests.push(form);
    const now = Math.floor(Date.now() / 1000);
    const refreshToken = randomBytes(24).toString('base64url');
    const claims = (nonce?: string): JWTPayload => {
      const base: JWTPayload = { iss: this.issuer, sub: this.subject, aud: this.clientId, iat: now, exp: now + 300, name: 'Hostile Test User', email: 'user@hostile.test', ...(nonce && { nonce }) };
      return this.hooks.idTokenClaims?.(base) ?? base;
    };
    if (form.get('grant_type') === 'authorization_code') {
      this.lastSid = randomBytes(12).toString('base64url');
      const pending = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      // RFC 7636 4.6: the verifier must hash to the challenge from the authorization request.
      if (!pending || pending.redirectUri !== form.get('redirect_uri') || pending.method !== 'S256' || pending.challenge !== challenge) {
        return this.json(res, 400, { error: 'invalid_grant', error_description: '<script>alert("hostile")</script>' });
      }
      this.refreshTokens.add(refreshToken);
      const body = { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 300, refresh_token: refreshToken, id_token: await this.idToken({ ...claims(pending.nonce), sid: this.lastSid }, this.hooks.idTokenSigning) };
      return this.send(res, this.hooks.tokenResponse?.(body) ?? body);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.has(presented)) return this.json(res, 400, { error: 'invalid_grant' });
      const body = { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 300, refresh_token: refreshToken, id_token: await this.idToken(claims(), this.hooks.idTokenSigning) };
      const answer = this.hooks.refreshResponse?.(body) ?? body;
      // Rotation happens only when the refresh succeeds; an error leaves the old token usable.
      if (answer !== 'hang' && !('contentType' in answer)) {
        this.refreshTokens.delete(presented);
        this.refreshTokens.add(refreshToken);
      }
      return this.send(res, answer);
    }
    this.json(res, 400, { error: 'unsupported_grant_type' });
  }

  private revoke(res: ServerResponse): void {
    this.revocations += 1;
    const reply = this.hooks.revocation?.();
    if (reply) return this.reply(res, reply);
    res.writeHead(200);
    res.end();
  }

  private send(res: ServerResponse, body: Record<string, unknown> | Reply): void {
    if (body === 'hang' || ('status' in body && 'contentType' in body && typeof body.body === 'string')) return this.reply(res, body as Reply);
    this.json(res, 200, body);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
