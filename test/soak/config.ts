import { schedule, type Phase } from './schedule';

export interface SoakConfig {
  mode: 'full' | 'ci';
  users: number;
  phases: Phase[];
  /** Each simulated person waits this long (ms, uniform) between page views. */
  thinkMs: [min: number, max: number];
  /** A request with no answer by then is counted as a timeout (a browser would have given up). */
  requestTimeoutMs: number;
  /** Settings every app instance gets (see appEnv below). */
  appEnv: Record<string, string>;
}

/**
 * Product settings for both app instances, in one place: add new ones here (or set them in the
 * environment of `npm run soak`, which the instances inherit). Connection settings (APP_URL,
 * REDIS_URL, the provider, the sample API) are filled in by main.ts and win over these.
 */
export const APP_ENV: Record<string, string> = {
  // Small, so a hanging provider costs seconds; above SLOW_TOKEN_MS (schedule.ts) so a slow
  // answer still arrives: a refresh abandoned after the provider rotated would be lost by design.
  PROVIDER_TIMEOUT: '4',
};

export function soakConfig(mode: 'full' | 'ci'): SoakConfig {
  return { mode, users: 30, phases: schedule(mode), thinkMs: [300, 1500], requestTimeoutMs: 20_000, appEnv: APP_ENV };
}
