import { HostileOp, type OpEvent } from '../kit/hostile-op';
import { DEMO_API_AUDIENCE } from '../../dev/defaults';
import type { Recorder } from './stats';

/**
 * The provider of the soak: the project's own scriptable provider (test/kit/hostile-op.ts)
 * set up as Keycloak behaves in production: strict refresh-token rotation (reuse revokes the
 * grant), JWT access tokens the sample API accepts, and faults switched by the schedule.
 */
export async function startFaultProvider(port: number, recorder: Recorder, refreshLeeway: number): Promise<HostileOp> {
  const provider = new HostileOp(`http://127.0.0.1:${port}/soak`, { strictRotation: true, accessTokenLifetime: 20, accessTokenAudience: DEMO_API_AUDIENCE });
  provider.onEvent = (event) => count(recorder, event, refreshLeeway);
  await provider.start(port);
  return provider;
}

/**
 * A refresh the provider answered this shortly before the soak SIGKILLed an instance may have
 * been that instance's: it died holding the only copy of the new refresh token, before it could
 * publish it to the shared store or answer the browser. No app can keep that session (the
 * provider revokes the grant when the old token comes back), so such reuse, and the loss it
 * causes, is shown apart and not counted against the app. A reuse of any other token is.
 */
const KILL_WINDOW_MS = 2000;

/**
 * How soon after its tokens arrived the app may refresh them: lib/auth/tokens.ts makes a refresh
 * due `min(leeway, lifetime / 2)` seconds before expiry. Whole seconds on the app's side can make
 * that up to a second sooner; 200 ms more covers loopback and scheduling.
 */
export function earliestRefreshMs(lifetime: number, leeway: number): number {
  const dueAfter = lifetime - Math.min(leeway, Math.floor(lifetime / 2));
  return (dueAfter - 1) * 1000 - 200;
}

function count(recorder: Recorder, event: OpEvent, leeway: number): void {
  const phase = recorder.current;
  switch (event.kind) {
    case 'refreshed':
      phase.refreshes += 1;
      if (event.sinceLastAnswerMs < earliestRefreshMs(event.previousLifetime, leeway)) {
        phase.earlyRefreshes += 1;
        recorder.note('early refresh', `[${phase.name}] ${(event.sinceLastAnswerMs / 1000).toFixed(0)} s after ${event.previousLifetime}-second tokens arrived`);
      }
      return;
    case 'reuse': {
      const rotatedAt = Date.now() - event.rotatedMsAgo;
      if (recorder.instanceKills.some((kill) => kill >= rotatedAt && kill - rotatedAt <= KILL_WINDOW_MS)) {
        phase.reuseAtKill += 1;
        recorder.killedHoldingTokens(event.subject);
        recorder.note('refresh token reused after an instance was SIGKILLed mid-refresh (not counted against the app)', `[${phase.name}] rotated ${Math.round(event.rotatedMsAgo / 1000)} s before`);
        return;
      }
      // When the token was rotated says which refresh the app lost track of.
      phase.reuse += 1;
      recorder.note('refresh token reused (grant revoked)', `[${phase.name}] rotated in "${recorder.phaseAt(rotatedAt).name}", ${Math.round(event.rotatedMsAgo / 1000)} s before`);
      return;
    }
    case 'fault':
      phase.faultsInjected += 1;
  }
}
