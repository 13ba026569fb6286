import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { keycloakShapedTokens } from '../../../test/kit/keycloak-tokens';
import { requestCookies } from '../../../test/kit/request-cookies';
import { NOW, sampleSession } from '../../../test/kit/session';
import { seal } from './seal';
import { pack, unpack } from './packing';
import { sessionCookieWrites } from './session-cookies';
import { unsealSession } from './sealed';

const env = testEnv({ SESSION_IDLE_TIMEOUT: '3600', SESSION_ABSOLUTE_LIFETIME: '86400' });

describe('session packing (compressed before sealing)', () => {
  it('gives back every token byte for byte', async () => {
    const tokens = await keycloakShapedTokens(NOW);
    const session = sampleSession({ tokens: { ...sampleSession().tokens, ...tokens } });
    expect(unpack(pack(session))).toEqual(session);
    // Opaque tokens, and anything that only looks like a JWT, stay as they are.
    for (const odd of ['opaque-token', 'a.b', 'e30.e30.sig', 'bm90LWpzb24.bm90LWpzb24.sig', 'a.b.c.d.e']) {
      const withOdd = sampleSession({ tokens: { ...sampleSession().tokens, accessToken: odd } });
      expect(unpack(pack(withOdd))).toEqual(withOdd);
    }
  });

  it(`keeps a Keycloak-sized token set within 4,000 bytes of Cookie header (one chunk plus the marker)`, async () => {
    const tokens = await keycloakShapedTokens(NOW);
    const session = sampleSession({ user: { sub: 'f0a4c2b1-9a7e-4c1d-8c39-2f6b1d0e7a55', name: 'Alice Example', email: 'alice@example.com', roles: ['admin', 'auditor', 'billing-viewer', 'default-roles-demo', 'offline_access', 'reports-reader', 'uma_authorization', 'user'] }, tokens: { ...sampleSession().tokens, ...tokens } });
    const writes = await sessionCookieWrites(session, requestCookies(), env, NOW);
    const header = writes.map((write) => `${write.name}=${write.value}`).join('; ');
    const unpacked = (await seal(session, env, 3600)).length;
    console.log(`[measure] Keycloak-sized tokens ${tokens.accessToken.length}/${tokens.refreshToken.length}/${tokens.idToken.length} chars: sealed as is ${unpacked} B, packed ${writes[0]?.value.length} B; Cookie header ${header.length} B in ${writes.length} cookies`);
    expect(header.length).toBeLessThanOrEqual(4000);
    expect(await unsealSession(writes[0]!.value, env)).toEqual(session);
  });

  it('reads malformed or oversized packed data as no session, never a crash', () => {
    expect(unpack({ z: 'not-deflate' })).toBeNull();
    expect(unpack({ something: 'else' })).toBeNull();
    expect(unpack('plain')).toBeNull();
    // A compressed value that would inflate past 256 KiB is refused, not expanded.
    expect(unpack({ z: deflateRawSync(Buffer.alloc(1024 * 1024, 'a')).toString('base64url') })).toBeNull();
  });
});
