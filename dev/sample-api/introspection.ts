import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BearerError } from './bearer';

/**
 * RFC 7662, for opaque access tokens (the Google-shaped issuer's): the resource server asks the
 * issuer whether a token is active, authenticated as its own client, and keeps the answer
 * briefly: at most `cacheSeconds`, never past the token's exp. Keyed by a hash of the token.
 */
const Metadata = z.object({ issuer: z.string(), introspection_endpoint: z.url() });
const Introspection = z.looseObject({ active: z.boolean(), sub: z.string().optional(), client_id: z.string().optional(), exp: z.number().optional(), scope: z.string().optional(), iss: z.string().optional() });

export type IntrospectedToken = z.infer<typeof Introspection> & { active: true; sub: string };

export interface IntrospectionOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  cacheSeconds?: number;
  timeoutMs?: number;
}

export function introspector(options: IntrospectionOptions) {
  const cacheSeconds = options.cacheSeconds ?? 30;
  const timeoutMs = options.timeoutMs ?? 5000;
  const cache = new Map<string, { until: number; token: IntrospectedToken | undefined }>();
  let endpoint: Promise<string> | undefined;
  let calls = 0;

  async function discover(): Promise<string> {
    const response = await fetch(`${options.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`discovery of ${options.issuer} answered ${response.status}`);
    const metadata = Metadata.parse(await response.json());
    if (metadata.issuer !== options.issuer) throw new Error(`discovery document names issuer ${metadata.issuer}`);
    return metadata.introspection_endpoint;
  }

  async function introspect(token: string): Promise<IntrospectedToken | undefined> {
    endpoint ??= discover().catch((error: unknown) => {
      endpoint = undefined;
      throw error;
    });
    calls += 1;
    const response = await fetch(await endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`introspection answered ${response.status}`);
    const answer = Introspection.parse(await response.json());
    return answer.active && answer.sub ? (answer as IntrospectedToken) : undefined;
  }

  return {
    /** Introspection requests made (tests: the cache spares the issuer). */
    calls: () => calls,
    async verify(token: string): Promise<IntrospectedToken> {
      const key = createHash('sha256').update(token).digest('base64url');
      const now = Math.floor(Date.now() / 1000);
      let entry = cache.get(key);
      if (!entry || entry.until <= now) {
        const result = await introspect(token);
        entry = { token: result, until: Math.min(now + cacheSeconds, result?.exp ?? now + cacheSeconds) };
        if (cache.size >= 10_000) cache.delete(cache.keys().next().value as string);
        cache.set(key, entry);
      }
      if (!entry.token) throw new BearerError('invalid_token', 'the access token is not active');
      return entry.token;
    },
  };
}
