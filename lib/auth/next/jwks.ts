import 'server-only';
import { NextResponse } from 'next/server';
import { env } from '../config';

/**
 * The app's public signing keys as a JWK Set (RFC 7517 5), newest first: a provider that
 * registered this URL as the client's jwks_uri verifies private_key_jwt assertions with it, and
 * keeps doing so across a rotation, while the previous key is still listed. Public data: it may
 * be cached, briefly, so a rotation reaches providers within minutes.
 */
export function appJwks(): Response {
  const keys = env().clientKeys.map((key) => key.publicJwk);
  return NextResponse.json({ keys }, { headers: { 'Cache-Control': 'public, max-age=300' } });
}
