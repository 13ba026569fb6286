import { mkdirSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { frequentLines } from './app-logs';
import { Cleanup } from './cleanup';
import { soakConfig } from './config';
import { render, summary, verdict } from './report';
import type { Action } from './schedule';
import { Recorder } from './stats';
import { perform, startSystem } from './system';
import { TokenScanner } from './token-scan';
import { SimUser } from './users';

/**
 * npm run soak (four minutes) / npm run soak:ci (every phase, shorter): two production instances
 * behind a round-robin balancer, one Redis, a provider with strict rotation and faults, and 30
 * simulated people browsing. Needs `npm run build` first. Loopback only; every child is stopped.
 */
const mode = process.argv.includes('--ci') ? 'ci' : 'full';
const config = soakConfig(mode);
const RESULTS = 'test-results';
const LOGS = `${RESULTS}/soak-logs`;
const scheduleSeconds = config.phases.reduce((total, phase) => total + phase.seconds, 0);

const cleanup = new Cleanup();
cleanup.onExitSignals();
// However the run goes, it ends: the schedule plus generous time to start and stop everything.
const watchdog = setTimeout(() => {
  console.error('[soak] watchdog: the run took far longer than its schedule; stopping everything');
  void cleanup.run().finally(() => process.exit(2));
}, (scheduleSeconds + 240) * 1000);

const started = Date.now();
const clock = () => `${String(Math.floor((Date.now() - started) / 60_000)).padStart(2, '0')}:${String(Math.floor(((Date.now() - started) / 1000) % 60)).padStart(2, '0')}`;
const log = (message: string) => console.log(`[soak ${clock()}] ${message}`);
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

mkdirSync(LOGS, { recursive: true });
const recorder = new Recorder();
/** Failures main.ts sees itself; "harness:" ones mean the run itself went wrong, so its numbers prove little. */
const failures: string[] = [];
const harness: Record<string, unknown> = {};

/** The whole run; true when it passed. Everything it starts is registered with `cleanup`. */
async function soak(): Promise<boolean> {
  log(`${mode} run: ${config.users} people, ${config.phases.length} phases, ${scheduleSeconds} s of schedule`);
  const system = await startSystem(config, recorder, cleanup, LOGS);
  const { appUrl, provider, instances, balancer } = system;
  log(`ready: balancer ${appUrl} → ${instances.map((instance) => `${instance.name} ${instance.url}`).join(', ')}; ${system.redis.url}; provider ${provider.issuer}; sample API ${system.api.url}; logs in ${LOGS}/`);

  // The people. Until the schedule starts, their loops are bounded by the watchdog's horizon.
  let deadline = Date.now() + (scheduleSeconds + 120) * 1000;
  const context = { recorder, scanner: new TokenScanner(provider.issued), requestTimeoutMs: config.requestTimeoutMs };
  const users = Array.from({ length: config.users }, (_, index) => new SimUser({ index: index + 1, appUrl, issuer: provider.issuer, thinkMs: config.thinkMs }, context));
  const loops = users.map(async (user, index) => {
    await sleep(index * 100); // people arrive over a few seconds, not in one burst
    await user.run(() => deadline);
  });
  const signInBy = Date.now() + 60_000;
  while (Date.now() < signInBy && !users.every((user) => user.isSignedIn)) await sleep(200);
  const signedIn = users.filter((user) => user.isSignedIn).length;
  if (signedIn < users.length) failures.push(`harness: only ${signedIn} of ${users.length} people could sign in before the faults began`);
  log(`${signedIn} of ${users.length} people signed in`);

  const act = async (action: Action) => {
    const at = Date.now();
    try {
      await perform(system, action, recorder);
      harness[action] = `${Date.now() - at} ms`;
      log(`${action}: done in ${Date.now() - at} ms`);
    } catch (error) {
      failures.push(`harness: ${action} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const actions: Promise<void>[] = [];
  deadline = Date.now() + scheduleSeconds * 1000;
  for (const phase of config.phases) {
    recorder.begin(phase.name, phase.about);
    provider.setFaults(phase.faults ?? {});
    if (phase.accessTokenLifetime) provider.settings.accessTokenLifetime = phase.accessTokenLifetime;
    const all = summary(recorder, mode, { failures: [], warnings: [] }, {}).totals;
    log(`phase "${phase.name}" (${phase.seconds} s): ${phase.about}   [so far: ${all.requests} requests, ${all.lost} lost, ${all.reuse} reused, ${all.wrong5xx} wrong 5xx]`);
    actions.push(...(phase.actions ?? []).map(act));
    await sleep(phase.seconds * 1000);
  }
  provider.setFaults({});
  deadline = Date.now();
  log('schedule done; waiting for the last requests');
  await Promise.race([Promise.all([...loops, ...actions]), sleep(config.requestTimeoutMs + 10_000)]);
  harness.signedInAtEnd = `${users.filter((user) => user.isSignedIn).length} of ${users.length}`;
  recorder.end();
  loopDelay.disable();

  // If the soak's own event loop lagged, every latency it measured is inflated by that much.
  const soakLoopDelayMs = { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) };
  Object.assign(harness, { balancer: balancer.stats, soakEventLoopDelayMs: soakLoopDelayMs, sampleApiRequests: system.api.stats.requests, tokensIssued: provider.issued.size });
  // An instance that died by itself, or refused connections while up, is the app's failure even
  // though the balancer answered for it.
  failures.push(...instances.flatMap((instance) => instance.crashes));
  if (balancer.stats.unexpected) failures.push(`the balancer answered or cut ${balancer.stats.unexpected} request(s) for an instance meant to be up (it refused or dropped connections)`);
  const faultPhases = config.phases.filter((phase) => Object.values(phase.faults ?? {}).some((fault) => fault !== 'none')).map((phase) => phase.name);
  const result = summary(recorder, mode, verdict(recorder, failures, faultPhases), harness);
  clearTimeout(watchdog);
  await cleanup.run(); // before reading the logs, so they are complete

  const appLines = frequentLines(instances.map((instance) => instance.logPath));
  console.log(`\nInstances' most frequent log lines (${LOGS}/):`);
  for (const [line, count] of appLines) console.log(`  ${String(count).padStart(5)} × ${line}`);
  console.log(`\nHarness: soak event-loop delay p99 ${soakLoopDelayMs.p99} ms, max ${soakLoopDelayMs.max} ms; balancer ${JSON.stringify(balancer.stats)}; instance B restarted in ${String(harness['restart-instance-b'])}, Redis in ${String(harness['restart-redis'])}; signed in at the end: ${String(harness.signedInAtEnd)}\n`);
  console.log(render(result));
  writeFileSync(`${RESULTS}/soak.json`, `${JSON.stringify({ ...result, appLogLines: Object.fromEntries(appLines) }, null, 2)}\n`);
  console.log(`\nSummary written to ${RESULTS}/soak.json; total ${Math.round((Date.now() - started) / 1000)} s.`);
  return result.verdict.passed;
}

let passed = false;
try {
  passed = await soak();
} catch (error) {
  console.error('[soak] could not run:', error);
} finally {
  clearTimeout(watchdog);
  await cleanup.run();
}
process.exit(passed ? 0 : 1);
