import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_API_AUDIENCE, DEV_APP_URL, DEV_CLI_CLIENT_ID, DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_REALM_PATH } from '../../dev-defaults';
import { DEMO_ACCOUNTS } from '../accounts';

/** No Docker engine runs in CI, so the realm import is checked against what the app expects. */
const Realm = z.object({
  realm: z.string(),
  enabled: z.literal(true),
  revokeRefreshToken: z.boolean(),
  refreshTokenMaxReuse: z.number(),
  roles: z.object({ realm: z.array(z.object({ name: z.string() })) }),
  clients: z.array(
    z.object({
      clientId: z.string(),
      secret: z.string().optional(),
      publicClient: z.boolean(),
      serviceAccountsEnabled: z.boolean(),
      standardFlowEnabled: z.boolean(),
      implicitFlowEnabled: z.boolean(),
      directAccessGrantsEnabled: z.boolean(),
      redirectUris: z.array(z.string()),
      attributes: z.record(z.string(), z.string()),
      defaultClientScopes: z.array(z.string()),
      protocolMappers: z.array(z.object({ protocolMapper: z.string(), config: z.record(z.string(), z.string()) })).optional(),
    }),
  ),
  users: z.array(z.object({ username: z.string(), email: z.string(), emailVerified: z.boolean(), realmRoles: z.array(z.string()), credentials: z.array(z.object({ value: z.string() })) })),
});

const realm = Realm.parse(JSON.parse(readFileSync(new URL('./demo-realm.json', import.meta.url), 'utf8')));
const client = realm.clients.find((candidate) => candidate.clientId === DEV_CLIENT_ID);

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

  it('registers the device-login CLI as a public, device-grant-only client', () => {
    const cli = realm.clients.find((candidate) => candidate.clientId === DEV_CLI_CLIENT_ID);
    expect(cli).toMatchObject({ publicClient: true, standardFlowEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false });
    expect(cli?.secret).toBeUndefined();
    expect(cli?.attributes['oauth2.device.authorization.grant.enabled']).toBe('true');
  });
});
