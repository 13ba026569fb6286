import type { DownstreamResult } from './downstream';

/**
 * RFC 9470 3: an API answers `401` with `WWW-Authenticate: … error="insufficient_user_authentication"`
 * and the `max_age` / `acr_values` it needs. The app turns that into the same step-up its pages
 * use: `401 { "error": "step_up_required", "signIn": "/auth/login/<provider>?max_age=…" }` (the
 * page adds its own returnTo).
 */
export function stepUpFromChallenge(result: DownstreamResult, providerId: string): DownstreamResult | undefined {
  if (result.status !== 401 || !result.challenge || !/error="insufficient_user_authentication"/.test(result.challenge)) return undefined;
  const query = new URLSearchParams();
  const maxAge = /max_age="?(\d{1,6})"?/.exec(result.challenge)?.[1];
  const acr = /acr_values="([\w:./ -]{1,300})"/.exec(result.challenge)?.[1];
  if (maxAge) query.set('max_age', maxAge);
  if (acr) query.set('acr', acr);
  return { status: 401, body: { error: 'step_up_required', signIn: `/auth/login/${encodeURIComponent(providerId)}?${query}` } };
}
