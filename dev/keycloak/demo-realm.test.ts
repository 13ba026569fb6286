import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REALM_APP_ORIGINS, realmImport } from './realm-import';
import { KEYCLOAK_VERSION } from './version';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE, DEV_APP_URL, DEV_CLI_CLIENT_ID, DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_FAPI_CLIENT_ID, DEV_REALM_PATH } from '../defaults';
import { DEMO_ACCOUNTS } from '../local-provider/accounts';

/**
 * The realm import checked against what the app expects. `npm run test:keycloak` loads the same
 * file into a real Keycloak; these checks say what each setting is for, and run in a second.
 */
const Mapper = z.object({ protocolMapper: z.string(), config: z.record(z.string(), z.string()) });
const Realm = z.object({
  realm: z.string(),
  enabled: z.literal(true),
  revokeRefreshToken: z.boolean(),
  refreshTokenMaxReuse: z.number(),
  roles: z.object({ realm: z.array(z.object({ name: z.string() })), client: z.record(z.string(), z.array(z.object({ name: z.string() }))).optional() }),
  clientScopes: z.array(z.object({ name: z.string(), protocolMappers: z.array(Mapper).optional() })),
  defaultDefaultClientScopes: z.array(z.string()),
  defaultOptionalClientScopes: z.array(z.string()),
  clients: z.array(
    z.object({
      clientId: z.string(),
      secret: z.string().optional(),
      clientAuthenticatorType: z.string().optional(),
      publicClient: z.boolean(),
      serviceAccountsEnabled: z.boolean(),
      standardFlowEnabled: z.boolean(),
      implicitFlowEnabled: z.boolean(),
      directAccessGrantsEnabled: z.boolean(),
      redirectUris: z.array(z.string()),
      attributes: z.record(z.string(), z.string()),
      defaultClientScopes: z.array(z.string()),
      optionalClientScopes: z.array(z.string()).optional(),
      protocolMappers: z.array(Mapper).optional(),
    }),
  ),
  components: z.record(z.string(), z.array(z.object({ name: z.string(), providerId: z.string(), config: z.record(z.string(), z.array(z.string())) }))).optional(),
  users: z.array(z.object({ username: z.string(), email: z.string(), emailVerified: z.boolean(), realmRoles: z.array(z.string()), clientRoles: z.record(z.string(), z.array(z.string())).optional(), credentials: z.array(z.object({ value: z.string() })) })),
});

const realm = Realm.parse(JSON.parse(readFileSync(new URL('./demo-realm.json', import.meta.url), 'utf8')));
const client = realm.clients.find((candidate) => candidate.clientId === DEV_CLIENT_ID);
const fapi = realm.clients.find((candidate) => candidate.clientId === DEV_FAPI_CLIENT_ID);

describe('the Keycloak realm import', () => {
  it('is the realm the issuer path names', () => {
    expect(`/realms/${realm.realm}`).toBe(DEV_REALM_PATH);
  });

  it('registers the app as a confidential, code-flow-only client with PKCE S256', () => {
    expect(client).toMatchObject({ secret: DEV_CLIENT_SECRET, publicClient: false, standardFlowEnabled: true, implicitFlowEnabled: false, directAccessGrantsEnabled: false });
    expect(client?.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(client?.attributes['id.token.signed.response.alg']).toBe('RS256');
  });

  it('uses exactly the app callback, post-logout and back-channel URLs', () => {
    expect(client?.redirectUris).toEqual([`${DEV_APP_URL}/auth/callback/keycloak`]);
    expect(client?.attributes['post.logout.redirect.uris']).toBe(`${DEV_APP_URL}/`);
    expect(new URL(client?.attributes['backchannel.logout.url'] ?? '').pathname).toBe('/auth/backchannel-logout/keycloak');
  });

  it('puts realm roles into tokens (the roles scope) and rotates refresh tokens strictly', () => {
    expect(client?.defaultClientScopes).toEqual(expect.arrayContaining(['profile', 'email', 'roles']));
    expect(realm.revokeRefreshToken).toBe(true);
    expect(realm.refreshTokenMaxReuse).toBe(0);
  });

  it('has the roles and demo users the app and its tests expect', () => {
    expect(realm.roles.realm.map((role) => role.name).sort()).toEqual(['admin', 'user']);
    for (const username of ['alice', 'bob']) {
      const expected = DEMO_ACCOUNTS.find((account) => account.username === username);
      const user = realm.users.find((candidate) => candidate.username === username);
      expect(user?.realmRoles.sort()).toEqual(expected?.roles);
      expect(user?.email).toBe(expected?.email);
      expect(user?.credentials[0]?.value).toBe(expected?.password);
    }
  });

  it('puts the demo API in the access token audience, as the local provider does (RFC 8707)', () => {
    const audience = (clientId: string) => realm.clients.find((candidate) => candidate.clientId === clientId)?.protocolMappers?.find((mapper) => mapper.protocolMapper === 'oidc-audience-mapper')?.config['included.custom.audience'];
    expect(audience(DEV_CLIENT_ID)).toBe(DEMO_API_AUDIENCE);
    expect(audience(DEV_CLI_CLIENT_ID)).toBe(DEMO_API_AUDIENCE);
  });

  it('lets the app use client credentials and standard token exchange', () => {
    expect(client?.serviceAccountsEnabled).toBe(true);
    expect(client?.attributes['standard.token.exchange.enabled']).toBe('true');
  });

  it("defines every client scope the clients name: listing any replaces Keycloak's built-in ones", () => {
    const defined = realm.clientScopes.map((scope) => scope.name);
    const named = [...realm.defaultDefaultClientScopes, ...realm.defaultOptionalClientScopes, ...realm.clients.flatMap((candidate) => [...candidate.defaultClientScopes, ...(candidate.optionalClientScopes ?? [])])];
    expect(defined).toEqual(expect.arrayContaining([...new Set(named)]));
    // `basic` carries `sub` into access tokens; without it the sample API refuses every token.
    expect(realm.clientScopes.find((scope) => scope.name === 'basic')?.protocolMappers?.map((mapper) => mapper.protocolMapper)).toContain('oidc-sub-mapper');
  });

  it("offers the app the scopes its API table asks for, and a billing audience Keycloak's token exchange can target", () => {
    expect(client?.optionalClientScopes).toEqual(expect.arrayContaining(['api:service', 'billing:read']));
    // Optional, not default: a person's sign-in token never carries the service scope.
    expect(client?.defaultClientScopes).not.toEqual(expect.arrayContaining(['api:service']));
    const billingAudience = realm.clientScopes.find((scope) => scope.name === 'billing:read')?.protocolMappers?.find((mapper) => mapper.protocolMapper === 'oidc-audience-mapper');
    expect(billingAudience?.config['included.client.audience']).toBe(BILLING_API_AUDIENCE);
    // Token exchange v2's `audience` must name a client of the realm.
    expect(realm.clients.find((candidate) => candidate.clientId === BILLING_API_AUDIENCE)).toMatchObject({ standardFlowEnabled: false, serviceAccountsEnabled: false, directAccessGrantsEnabled: false });
  });

  it('issues RFC 9068 access tokens to the app: typ at+jwt and a client_id claim, as the sample API requires', () => {
    expect(client?.attributes['access.token.header.type.rfc9068']).toBe('true');
    const clientIdClaim = client?.protocolMappers?.find((mapper) => mapper.config['claim.name'] === 'client_id');
    expect(clientIdClaim).toMatchObject({ protocolMapper: 'oidc-hardcoded-claim-mapper', config: { 'claim.value': DEV_CLIENT_ID, 'access.token.claim': 'true' } });
  });

  it("gives bob a client role of the app, so the dashboard shows roles from resource_access too", () => {
    expect(realm.roles.client?.[DEV_CLIENT_ID]?.map((role) => role.name)).toEqual(['auditor']);
    expect(realm.users.find((user) => user.username === 'bob')?.clientRoles).toEqual({ [DEV_CLIENT_ID]: ['auditor'] });
  });

  it('registers the device-login CLI as a public, device-grant-only client', () => {
    const cli = realm.clients.find((candidate) => candidate.clientId === DEV_CLI_CLIENT_ID);
    expect(cli).toMatchObject({ publicClient: true, standardFlowEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false });
    expect(cli?.secret).toBeUndefined();
    expect(cli?.attributes['oauth2.device.authorization.grant.enabled']).toBe('true');
  });
});

describe('the high-security client (KEYCLOAK_PROFILE=high-security)', () => {
  it('is confidential and code-flow-only, with PKCE S256 and PAR required (RFC 9126)', () => {
    expect(fapi).toMatchObject({ publicClient: false, standardFlowEnabled: true, implicitFlowEnabled: false, directAccessGrantsEnabled: false });
    expect(fapi?.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(fapi?.attributes['require.pushed.authorization.requests']).toBe('true');
  });

  it("may use client credentials and standard token exchange for the API table, as demo-app does", () => {
    expect(fapi?.serviceAccountsEnabled).toBe(true);
    expect(fapi?.attributes['standard.token.exchange.enabled']).toBe('true');
    expect(fapi?.optionalClientScopes).toEqual(expect.arrayContaining(['api:service', 'billing:read']));
    expect(fapi?.defaultClientScopes).not.toEqual(expect.arrayContaining(['api:service']));
  });

  it("authenticates with private_key_jwt (RFC 7523) against the app's published keys, and has no secret", () => {
    expect(fapi?.clientAuthenticatorType).toBe('client-jwt');
    expect(fapi?.secret).toBeUndefined();
    expect(fapi?.attributes['use.jwks.url']).toBe('true');
    // host.docker.internal, as the back-channel URL: a Keycloak in a container fetches the keys from the host.
    expect(new URL(fapi?.attributes['jwks.url'] ?? '').pathname).toBe('/auth/jwks');
  });

  it('binds its tokens with DPoP (RFC 9449) and signs its ID tokens PS256; access tokens stay RS256, RFC 9068, for the sample API', () => {
    expect(fapi?.attributes['dpop.bound.access.tokens']).toBe('true');
    expect(fapi?.attributes['id.token.signed.response.alg']).toBe('PS256');
    expect(fapi?.attributes['access.token.signed.response.alg']).toBe('RS256');
    expect(fapi?.attributes['access.token.header.type.rfc9068']).toBe('true');
    const clientIdClaim = fapi?.protocolMappers?.find((mapper) => mapper.config['claim.name'] === 'client_id');
    expect(clientIdClaim).toMatchObject({ protocolMapper: 'oidc-hardcoded-claim-mapper', config: { 'claim.value': DEV_FAPI_CLIENT_ID, 'access.token.claim': 'true' } });
    expect(fapi?.protocolMappers?.find((mapper) => mapper.protocolMapper === 'oidc-audience-mapper')?.config['included.custom.audience']).toBe(DEMO_API_AUDIENCE);
  });

  it("uses the same callback, post-logout and back-channel URLs and role scopes as demo-app (one APP_URL runs either client)", () => {
    expect(fapi?.redirectUris).toEqual(client?.redirectUris);
    for (const name of ['post.logout.redirect.uris', 'backchannel.logout.url', 'backchannel.logout.session.required']) expect(fapi?.attributes[name]).toBe(client?.attributes[name]);
    expect(new URL(fapi?.attributes['jwks.url'] ?? '').origin).toBe(new URL(client?.attributes['backchannel.logout.url'] ?? '').origin);
    expect(fapi?.defaultClientScopes).toEqual(expect.arrayContaining(['basic', 'profile', 'email', 'roles']));
  });

  it("has a PS256 signing key beside the RS256 one: importing any rsa-generated provider replaces Keycloak's default", () => {
    const providers = realm.components?.['org.keycloak.keys.KeyProvider'] ?? [];
    const signing = providers.filter((provider) => provider.providerId === 'rsa-generated').map((provider) => provider.config.algorithm?.[0]);
    expect(signing.sort()).toEqual(['PS256', 'RS256']);
    // The rest of Keycloak's defaults, named so the import does not depend on which it still adds.
    expect(providers.map((provider) => provider.providerId)).toEqual(expect.arrayContaining(['rsa-enc-generated', 'hmac-generated', 'aes-generated']));
  });
});

describe("the suite's copy of the import (dev/keycloak/realm-import.ts)", () => {
  it("moves every URL that names the dev app to the test's app, and nothing else", () => {
    const text = JSON.stringify(realmImport('http://localhost:45678', { accessTokenLifespan: 20 }));
    for (const origin of REALM_APP_ORIGINS) expect(text).not.toContain(origin);
    const moved = realmImport('http://localhost:45678').clients as { clientId: string; redirectUris: string[]; attributes: Record<string, string> }[];
    const app = moved.find((candidate) => candidate.clientId === DEV_CLIENT_ID);
    expect(app?.redirectUris).toEqual(['http://localhost:45678/auth/callback/keycloak']);
    expect(app?.attributes['post.logout.redirect.uris']).toBe('http://localhost:45678/');
    expect(app?.attributes['backchannel.logout.url']).toBe('http://localhost:45678/auth/backchannel-logout/keycloak');
    expect(JSON.parse(text)).toMatchObject({ accessTokenLifespan: 20, realm: realm.realm });
  });

  it('moves a client named in clientAppUrls to its own app instead', () => {
    const moved = realmImport('http://localhost:45678', {}, { [DEV_FAPI_CLIENT_ID]: 'http://localhost:45679' }).clients as { clientId: string; redirectUris: string[]; attributes: Record<string, string> }[];
    const high = moved.find((candidate) => candidate.clientId === DEV_FAPI_CLIENT_ID);
    expect(high?.redirectUris).toEqual(['http://localhost:45679/auth/callback/keycloak']);
    expect(high?.attributes['jwks.url']).toBe('http://localhost:45679/auth/jwks');
    expect(high?.attributes['backchannel.logout.url']).toBe('http://localhost:45679/auth/backchannel-logout/keycloak');
    expect(moved.find((candidate) => candidate.clientId === DEV_CLIENT_ID)?.redirectUris).toEqual(['http://localhost:45678/auth/callback/keycloak']);
    expect(() => realmImport('http://localhost:45678', {}, { 'no-such-client': 'http://localhost:45679' })).toThrow(/no client no-such-client/);
  });
});

describe('docker-compose.yml', () => {
  const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');

  it('runs the Keycloak version the suite tests', () => {
    expect(compose).toContain(`image: quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}\n`);
  });

  it('publishes Keycloak on the loopback interface only', () => {
    expect(compose.match(/^\s+- '[^']*:8080'$/gm)).toEqual(["      - '127.0.0.1:8080:8080'"]);
  });
});
