import 'server-only';
import { env } from '../config';
import { checkHealth } from '../health';
import { getStore } from '../store';
import { jsonResponse } from './responses';

/**
 * GET /health, for load balancers and container health checks: 200 `{"status":"ok"}`, or 503
 * (RFC 9110 15.6.4) `{"status":"degraded","store":"unavailable"}` while the store cannot answer.
 * It reads no cookie and calls no provider; proxy.ts's matcher leaves it alone, so a probe never
 * pays for refresh-ahead or a CSP nonce. no-store: a cached "ok" would hide an outage.
 */
export async function healthCheck(): Promise<Response> {
  const health = await checkHealth(getStore(env()));
  return jsonResponse(health, health.status === 'ok' ? 200 : 503);
}
