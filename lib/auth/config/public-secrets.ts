import { createHash } from 'node:crypto';

/**
 * Fingerprints (SHA-256, base64url) of the secrets `npm run dev` supplies: its session secret and
 * the local provider's client secrets. Anyone can read them in this repository, so a server on a
 * public APP_URL refuses them whatever NODE_ENV says (a session sealed with the dev secret can be
 * forged, admin role included). Only fingerprints live here: production configuration does not
 * carry the demo's values.
 */
const PUBLIC_SECRET_FINGERPRINTS = new Set([
  'kRN7ifRQ7mTUypVXD5jUFpwwrbTCtR5btqtzsO3tWhQ', // dev session secret (npm run dev)
  'ToU29gl9EzUTqEbbY1enbg8JJE5IA8x1_uNMH6RScOo', // local provider: Keycloak-shaped client
  'LYFiEC7M4OKa38ZzqQ5_sgoqr8g0ULwFzIvWKNmGSHw', // local provider: Google-shaped client
]);

export function isPublicSecret(value: string): boolean {
  return PUBLIC_SECRET_FINGERPRINTS.has(createHash('sha256').update(value).digest('base64url'));
}
