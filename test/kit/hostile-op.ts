import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';
import { nowSeconds } from '../../lib/auth/clock';

/**
 * A scriptable, misbehaving OpenID Provider for tests. Correct by default: discovery, JWKS, an
 * authorization endpoint that signs the user in at once (as `login_hint`, or 'hostile-user-1'),
 * a token endpoint that checks client authentication and PKCE, refresh and revocation. Each hook
 * corrupts one step. For soak tests it also rotates refresh tokens strictly on request, issues
 * short-lived (optionally JWT) access tokens, records every token it issues, and injects faults
 * (503, hang, reset, slow) that can be switched while it runs.
 */
export type Signing = 'rs256' | 'bad-signature' | 'none' | 'hs256-client-secret' | 'unknown-kid' | 'other-key-same-kid';

/** A raw HTTP answer, a wait that never ends, or a JSON body to send as usual. */
export type Reply = { status: number; contentType: string; body: string } | 'hang';

/** What the token endpoint does instead of answering normally. */
export type TokenFault = 'none' | '503' | 'hang' | 'reset' | { slowMs: number };
/** What discovery or the JWKS endpoint does instead of answering normally. */
export type MetadataFault = 'none' | '503' | 'reset';

export interface Faults {
  token: TokenFault;
  discovery: MetadataFault;
  jwks: MetadataFault;
}

export const NO_FAULTS: Faults = Object.freeze({ token: 'none', discovery: 'none', jwks: 'none' });

export interface Settings {
  /** expires_in of every access token, in seconds (and `exp` of JWT access tokens). */
  accessTokenLifetime: number;
  /**
   * As Keycloak and oidc-provider do (RFC 9700 4.14.2): a rotated refresh token presented again
   * revokes the whole grant, so the current one stops working too. Off, a rotated token is
   * merely unknown. Reuse is counted either way.
   */
  strictRotation: boolean;
  /** When set, access tokens are RFC 9068 JWTs for this audience (a resource server can check them); else opaque. */
  accessTokenAudience?: string;
}

/** What happened at the token endpoint, for a soak test's bookkeeping. */
export type OpEvent =
  /**
   * A refresh succeeded. `sinceLastAnswerMs`: the time since this grant's previous tokens were sent;
   * `previousLifetime`: those tokens' lifetime in seconds. Together they tell how early the client refreshed.
   */
  | { kind: 'refreshed'; subject: string; previousLifetime: number; sinceLastAnswerMs: number }
  /** A rotated refresh token was presented again, `rotatedMsAgo` after it was redeemed. */
  | { kind: 'reuse'; subject: string; rotatedMsAgo: number }
  /** A request that a fault answered (or left unanswered). */
  | { kind: 'fault'; endpoint: 'token' | 'discovery' | 'jwks'; fault: string };

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
  subject: string;
  nonce?: string;
  challenge?: string;
  method?: string;
  redirectUri: string;
}

/** One sign-in's chain of refresh tokens. Only `live` may be redeemed. */
interface Grant {
  subject: string;
  live?: string;
  /** When the latest tokens of this grant were sent (ms), and their lifetime (s): how early does the client refresh? */
  answeredAt: number;
  lifetime: number;
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
  readonly settings: Settings;
  /** Every access, refresh and ID token issued, so a test can look for them where they must not be. */
  readonly issued = new Set<string>();
  /** Rotated refresh tokens presented again. */
  reuses = 0;
  onEvent?: (event: OpEvent) => void;
  private currentFaults: Faults = NO_FAULTS;
  /** Requests a 'hang' fault left open, ended when the faults change or the provider stops. */
  private readonly hanging = new Set<ServerResponse>();
  private readonly codes = new Map<string, PendingCode>();
  /** Every refresh token ever issued (live or rotated), to its grant. */
  private readonly grants = new Map<string, Grant>();
  /** Refresh tokens that were redeemed and replaced, and when: presenting one again is reuse. */
  private readonly rotated = new Map<string, number>();
  private server?: Server;
  private keys?: { privateKey: CryptoKey; publicJwk: JWK; otherKey: CryptoKey };

  constructor(
    readonly issuer: string,
    settings: Partial<Settings> = {},
  ) {
    this.settings = { accessTokenLifetime: 300, strictRotation: false, ...settings };
  }

  reset(): void {
    this.hooks = {};
  }

  get faults(): Faults {
    return this.currentFaults;
  }

  /** Switches faults at run time; requests left hanging by the previous ones are cut off. */
  setFaults(faults: Partial<Faults>): void {
    this.currentFaults = { ...NO_FAULTS, ...faults };
    this.endHanging();
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
    this.endHanging();
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
    const now = nowSeconds();
    const claims = { iss: this.issuer, aud: this.clientId, iat: now, exp: now + 120, jti: randomBytes(12).toString('base64url'), sub: this.subject, sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } };
    return this.idToken(change(claims), signing, typ);
  }

  private reply(res: ServerResponse, reply: Reply): void {
    if (reply === 'hang') return this.hang(res);
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Cache-Control': 'no-store' });
    res.end(reply.body);
  }

  /** Never answer: the client's timeout must end this (bounded here too, at a minute). */
  private hang(res: ServerResponse): void {
    this.hanging.add(res);
    const timer = setTimeout(() => res.destroy(), 60_000);
    timer.unref();
    res.once('close', () => {
      clearTimeout(timer);
      this.hanging.delete(res);
    });
  }

  private endHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /**
   * A fault instead of the normal answer, or false. 503 comes as a load balancer sends it (HTML,
   * not OAuth JSON); a reset destroys the connection without any answer.
   */
  private injectFault(res: ServerResponse, endpoint: 'token' | 'discovery' | 'jwks'): boolean {
    const fault = this.currentFaults[endpoint];
    if (fault === 'none' || typeof fault === 'object') return false;
    this.onEvent?.({ kind: 'fault', endpoint, fault });
    if (fault === 'reset') res.socket?.destroy();
    else if (fault === 'hang') this.hang(res);
    else this.reply(res, { status: 503, contentType: 'text/html', body: '<html><body><h1>503 Service Unavailable</h1></body></html>' });
    return true;
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    this.reply(res, { status, contentType: 'application/json', body: JSON.stringify(body) });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const path = url.pathname.slice(new URL(this.issuer).pathname.length);
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      if (!this.injectFault(res, 'discovery')) this.json(res, 200, this.metadata());
      return;
    }
    if (req.method === 'GET' && path === '/jwks') {
      if (!this.injectFault(res, 'jwks')) this.json(res, 200, { keys: [this.keys!.publicJwk] });
      return;
    }
    if (req.method === 'GET' && path === '/authorize') return this.authorize(url.searchParams, res);
    if (req.method === 'POST' && (path === '/token' || path === '/revoke')) {
      const form = new URLSearchParams(await readBody(req));
      if (!this.authenticated(req)) return this.json(res, 401, { error: 'invalid_client' });
      if (path === '/revoke') return this.revoke(res);
      if (this.injectFault(res, 'token')) return;
      return this.token(form, res);
    }
    this.json(res, 404, { error: 'not_found' });
  }

  private authorize(params: URLSearchParams, res: ServerResponse): void {
    this.authorizationRequests.push(params);
    const redirectUri = params.get('redirect_uri') ?? '';
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, { subject: params.get('login_hint') || this.subject, nonce: params.get('nonce') ?? undefined, challenge: params.get('code_challenge') ?? undefined, method: params.get('code_challenge_method') ?? undefined, redirectUri });
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
    const now = nowSeconds();
    const refreshToken = randomBytes(24).toString('base64url');
    const lifetime = this.settings.accessTokenLifetime;
    const claims = (subject: string, nonce?: string): JWTPayload => {
      const person = subject === this.subject ? { name: 'Hostile Test User', email: 'user@hostile.test' } : { name: subject, email: `${subject}@hostile.test` };
      const base: JWTPayload = { iss: this.issuer, sub: subject, aud: this.clientId, iat: now, exp: now + 300, ...person, ...(nonce && { nonce }) };
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
      const grant: Grant = { subject: pending.subject, live: refreshToken, answeredAt: 0, lifetime };
      this.grants.set(refreshToken, grant);
      const body = { access_token: await this.accessToken(pending.subject, now), token_type: 'Bearer', expires_in: lifetime, refresh_token: refreshToken, id_token: await this.idToken({ ...claims(pending.subject, pending.nonce), sid: this.lastSid }, this.hooks.idTokenSigning) };
      return this.send(res, this.hooks.tokenResponse?.(body) ?? body, grant);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const grant = this.grants.get(presented);
      if (grant && this.rotated.has(presented)) {
        this.reuses += 1;
        this.onEvent?.({ kind: 'reuse', subject: grant.subject, rotatedMsAgo: Date.now() - this.rotated.get(presented)! });
        // RFC 9700 4.14.2: reuse means a token leaked or a client raced; end the whole grant.
        if (this.settings.strictRotation) grant.live = undefined;
      }
      if (!grant || grant.live !== presented) return this.json(res, 400, { error: 'invalid_grant' });
      const body = { access_token: await this.accessToken(grant.subject, now), token_type: 'Bearer', expires_in: lifetime, refresh_token: refreshToken, id_token: await this.idToken(claims(grant.subject), this.hooks.idTokenSigning) };
      const answer = this.hooks.refreshResponse?.(body) ?? body;
      // Rotation happens only when the refresh succeeds; an error leaves the old token usable.
      if (answer !== 'hang' && !('contentType' in answer)) {
        this.rotated.set(presented, Date.now());
        grant.live = refreshToken;
        this.grants.set(refreshToken, grant);
        this.onEvent?.({ kind: 'refreshed', subject: grant.subject, previousLifetime: grant.lifetime, sinceLastAnswerMs: Date.now() - grant.answeredAt });
        grant.lifetime = lifetime;
      }
      return this.send(res, answer, grant);
    }
    this.json(res, 400, { error: 'unsupported_grant_type' });
  }

  /** Opaque, or an RFC 9068 JWT (typ at+jwt) with Keycloak's realm roles when an audience is set. */
  private async accessToken(subject: string, now: number): Promise<string> {
    const audience = this.settings.accessTokenAudience;
    if (!audience) return randomBytes(24).toString('base64url');
    const claims = { iss: this.issuer, sub: subject, aud: audience, client_id: this.clientId, jti: randomBytes(12).toString('base64url'), iat: now, exp: now + this.settings.accessTokenLifetime, scope: 'openid profile email', preferred_username: subject, realm_access: { roles: ['user'] } };
    return this.idToken(claims, 'rs256', 'at+jwt');
  }

  private revoke(res: ServerResponse): void {
    this.revocations += 1;
    const reply = this.hooks.revocation?.();
    if (reply) return this.reply(res, reply);
    res.writeHead(200);
    res.end();
  }

  /**
   * Sends tokens (recording them as issued), a raw reply, or nothing. A 'slow' fault delays the
   * answer after the tokens were minted and rotated, as a provider behind a congested network does.
   */
  private async send(res: ServerResponse, body: Record<string, unknown> | Reply, grant?: Grant): Promise<void> {
    if (body === 'hang' || ('status' in body && 'contentType' in body && typeof body.body === 'string')) return this.reply(res, body as Reply);
    const tokens = body as Record<string, unknown>;
    for (const name of ['access_token', 'refresh_token', 'id_token']) if (typeof tokens[name] === 'string') this.issued.add(tokens[name]);
    const fault = this.currentFaults.token;
    if (typeof fault === 'object') {
      this.onEvent?.({ kind: 'fault', endpoint: 'token', fault: `slow ${fault.slowMs} ms` });
      await new Promise((resolve) => setTimeout(resolve, fault.slowMs));
    }
    this.json(res, 200, tokens);
    if (grant) grant.answeredAt = Date.now();
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
