import { z } from 'zod';

/** What components may see of a signed-in person. Never tokens. */
export const SessionUserSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  picture: z.string().optional(),
  roles: z.array(z.string()),
});

export type SessionUser = z.infer<typeof SessionUserSchema>;

/** The sealed session. Unsealed data is untrusted until this schema says otherwise. */
const SessionSchema = z.object({
  v: z.literal(2),
  /** Random, 128 bits: what sign-out records, so a copy of this cookie dies with the session. */
  id: z.string().min(22),
  provider: z.string().min(1),
  /** The verified ID token's `iss`: provider-side logouts are matched by issuer. */
  issuer: z.string().min(1),
  user: SessionUserSchema,
  tokens: z.object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    idToken: z.string().min(1).optional(),
    /** Epoch seconds when the access token expires. */
    expiresAt: z.number().int(),
    /** Epoch seconds when a refresh becomes due: before expiresAt by the configured leeway. */
    refreshAt: z.number().int(),
    /** `DPoP`: the access token is bound to `dpop` and is sent with a proof (RFC 9449). */
    type: z.enum(['Bearer', 'DPoP']).default('Bearer'),
  }),
  /** The session's DPoP key (a P-256 private JWK), when the provider binds its tokens to one. */
  dpop: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string() }).optional(),
  /** Epoch seconds when the person last authenticated at the provider (ID token auth_time), for step-up. */
  authTime: z.number().int().optional(),
  /** The authentication context class the provider says it used (ID token acr), for step-up. */
  acr: z.string().optional(),
  /** The provider's session id (OIDC Front/Back-Channel Logout `sid`). */
  sid: z.string().optional(),
  /**
   * Epoch seconds (with milliseconds): sign-in time, for the absolute lifetime, and to tell a
   * session begun right after a "sign out everywhere" from one it ended.
   */
  createdAt: z.number(),
  /** Epoch seconds: last time the session was re-sealed, for the idle timeout. */
  touchedAt: z.number().int(),
});

export type Session = z.infer<typeof SessionSchema>;

/** Untrusted data (an unsealed cookie, a value from the shared store) as a Session, or null. */
export function parseSession(data: unknown): Session | null {
  const parsed = SessionSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}
