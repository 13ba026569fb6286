import 'server-only';
import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * The app's own signing keys, for private_key_jwt client authentication (RFC 7523 2.2): from
 * CLIENT_SIGNING_KEYS as a JWK Set (`{"keys":[…]}`) or PEM blocks, NEWEST FIRST. The newest
 * signs; all of them are published at /auth/jwks, so a provider that registered the app's JWKS by
 * URL keeps accepting assertions across a rotation.
 */
export interface ClientKey {
  /** RFC 7638 thumbprint unless the JWK named one. */
  kid: string;
  /** PS256 for RSA (FAPI 2.0 allows no PKCS#1 v1.5 signatures), ES256 for P-256. */
  alg: 'PS256' | 'ES256';
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey & { kid: string; alg: string; use: 'sig' };
}

const PEM_BLOCK = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/g;

/** RFC 7638: SHA-256 over the required members, in lexicographic order, without whitespace. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const required = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

function toClientKey(key: KeyObject, kid: string | undefined): ClientKey {
  const details = key.asymmetricKeyDetails;
  const privateJwk = key.export({ format: 'jwk' });
  let alg: ClientKey['alg'];
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) alg = 'PS256';
  else if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') alg = 'ES256';
  else throw new Error('each key must be RSA (2048 bits or more) or EC P-256');
  const publicJwk = createPublicKey(key).export({ format: 'jwk' });
  const id = kid ?? jwkThumbprint(publicJwk);
  return { kid: id, alg, privateJwk, publicJwk: { ...publicJwk, kid: id, alg, use: 'sig' } };
}

/** The keys, newest first; throws with a message fit for a configuration problem. */
export function parseClientKeys(value: string): ClientKey[] {
  const text = value.trim();
  let keys: ClientKey[];
  if (text.startsWith('{')) {
    const set = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(set.keys) || set.keys.length === 0) throw new Error('a JWK Set needs a non-empty "keys" array');
    keys = set.keys.map((jwk: JsonWebKey & { kid?: string }) => {
      if (!jwk.d) throw new Error('every JWK must be a private key');
      return toClientKey(createPrivateKey({ key: jwk, format: 'jwk' }), jwk.kid);
    });
  } else {
    const blocks = text.replace(/\\n/g, '\n').match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) throw new Error('expected a JWK Set or PEM private keys');
    keys = blocks.map((pem) => toClientKey(createPrivateKey(pem), undefined));
  }
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) throw new Error('two keys share a kid');
  return keys;
}
