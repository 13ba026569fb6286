/**
 * `npm run bench`: what auth and the app's shell cost per request, measured as the server
 * process's CPU time, written to BENCHMARKS.md and bench/results.json. Loopback only; every loop
 * is bounded in count. Options: --no-build (reuse .next-bench and bench/bare-next's build),
 * --quick (2 short rounds, a short warm-up: for trying the bench out; writes no file),
 * --rounds=N, --requests=N (per page per round).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { nowSeconds } from '../lib/auth/clock';
import { SESSION_COOKIE, seal, sessionCookieWrites, unseal, unsealSession } from '../lib/auth/session';
import { pack, unpack } from '../lib/auth/session/packing';
import type { CookieJar } from '../test/kit/http';
import { keycloakShapedTokens } from '../test/kit/keycloak-tokens';
import { startRedis } from '../test/kit/redis';
import { requestCookies } from '../test/kit/request-cookies';
import { appEnv, readSessionCookie, sessionCookie } from '../test/kit/sealed-cookies';
import { signIn } from '../test/kit/sign-in';
import { buildApp, buildBare } from './builds';
import { loadAverage } from './cpu';
import { serve, CONNECTIONS, type Served, type Target } from './load';
import { RefreshChains, refreshStorm } from './refresh';
import { report, type Results } from './report';
import { AUTH_MARKERS, pageScripts } from './scripts';
import { pin, startBare, startBenchApp, type BenchApp } from './servers';
import { median, spread } from './stats';

const flag = (name: string) => process.argv.includes(`--${name}`);
const option = (name: string) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? Number.NaN);
const QUICK = flag('quick');
const BUILD = !flag('no-build');
const ROUNDS = Number.isFinite(option('rounds')) ? option('rounds') : QUICK ? 2 : 5;
const REQUESTS = Number.isFinite(option('requests')) ? option('requests') : QUICK ? 100 : 200;
/**
 * Warm-up: a server keeps getting faster for ~2,000 requests (JIT), so each serves at least
 * WARM_PER_SERVER before its first measured round; each page then runs batches until two in a
 * row agree within 5%, at most WARM_MAX_BATCHES.
 */
const WARM_BATCH = QUICK ? 100 : 300;
const WARM_PER_SERVER = QUICK ? 200 : 2400;
const WARM_MAX_BATCHES = QUICK ? 2 : 8;
const REFRESH_CHAINS = 4;
const REFRESH_STEPS = QUICK ? 2 : 6;
const STORM_REPEATS = QUICK ? 2 : 5;
const started = Date.now();

/** One kind of request, sent by autocannon to one server. */
interface Case {
  key: string;
  pid: number;
  target: Target;
  /** The local provider to watch for calls while this renders (none may happen). */
  provider?: BenchApp['idp'];
}

const cookieHeader = (jar: CookieJar, url: string) => jar.header(url);

const warmedPerServer = new Map<number, number>();

async function warm(one: Case): Promise<number> {
  let previous = Number.POSITIVE_INFINITY;
  for (let batch = 1; batch <= WARM_MAX_BATCHES; batch++) {
    const { cpuMsPerRequest, non2xx } = await serve(one.pid, one.target, WARM_BATCH);
    if (non2xx > 0) throw new Error(`${one.key}: ${non2xx} non-2xx answers while warming up (${one.target.url})`);
    const served = (warmedPerServer.get(one.pid) ?? 0) + WARM_BATCH;
    warmedPerServer.set(one.pid, served);
    if (batch >= 2 && served >= WARM_PER_SERVER && Math.abs(cpuMsPerRequest - previous) / previous < 0.05) return batch * WARM_BATCH;
    previous = cpuMsPerRequest;
  }
  return WARM_MAX_BATCHES * WARM_BATCH;
}

async function main() {
  const loadAtStart = loadAverage();
  console.log(`[bench] load average at start: ${loadAtStart.map((value) => value.toFixed(2)).join(', ')}`);
  if (BUILD) {
    buildApp();
    await buildBare();
  }
  const buildSeconds = Math.round((Date.now() - started) / 1000);
  // This process first: the servers and redis-server it starts inherit core 0 until pinned to core 1.
  const generatorPinned = pin([], [process.pid]);
  const redis = await startRedis();
  const app = await startBenchApp();
  const memoryMode = await startBenchApp({ SESSION_STORAGE: 'server' });
  const redisMode = redis ? await startBenchApp({ SESSION_STORAGE: 'server', REDIS_URL: redis.url }) : undefined;
  const bare = await startBare(app.url, app.idp.realms[0]!.settings.issuer);
  const servers = [app, memoryMode, redisMode, bare].filter((server) => server !== undefined);
  try {
    const pinned = generatorPinned && pin(servers.map((server) => server.pid), []);
    console.log(`[bench] ${pinned ? 'servers pinned to core 1, load generator (and local providers, redis-server) to core 0' : 'not pinned (taskset missing or one core)'}`);

    const jar = await signIn(app.url, 'alice');
    const session = await readSessionCookie(jar, app.url);
    const withMarker = cookieHeader(jar, app.url);
    const withoutMarker = await sessionCookie(session, appEnv(app.url));
    const memoryJar = await signIn(memoryMode.url, 'alice');
    const redisJar = redisMode ? await signIn(redisMode.url, 'alice') : undefined;
    const page = (base: { url: string }, path: string) => `${base.url}${path}`;

    const cases: Case[] = [
      { key: 'dashboard', pid: app.pid, target: { url: page(app, '/dashboard'), headers: { cookie: withMarker } }, provider: app.idp },
      { key: 'twin', pid: app.pid, target: { url: page(app, '/benchmark-baseline') } },
      // Session cookie, no marker, nothing due: proxy.ts reads the session and sets the marker again.
      { key: 'proxyIdle', pid: app.pid, target: { url: page(app, '/dashboard'), headers: { cookie: withoutMarker } }, provider: app.idp },
      // A browser's navigation (Fetch Metadata): proxy.ts runs for the CSP nonce only.
      { key: 'document', pid: app.pid, target: { url: page(app, '/dashboard'), headers: { cookie: withMarker, 'sec-fetch-dest': 'document' } }, provider: app.idp },
      { key: 'serverMemory', pid: memoryMode.pid, target: { url: page(memoryMode, '/dashboard'), headers: { cookie: cookieHeader(memoryJar, memoryMode.url) } }, provider: memoryMode.idp },
      ...(redisMode && redisJar ? [{ key: 'serverRedis', pid: redisMode.pid, target: { url: page(redisMode, '/dashboard'), headers: { cookie: cookieHeader(redisJar, redisMode.url) } }, provider: redisMode.idp }] : []),
      ...['bare', 'empty', 'shell', 'shell-no-session', 'shell-no-header', 'shell-no-footer', 'shell-no-metadata', 'shell-no-css', 'shell-no-headers'].map((path) => ({ key: path, pid: bare.pid, target: { url: page(bare, `/${path}`) } })),
    ];

    console.log(`[bench] warming up: each server ${WARM_PER_SERVER} requests or more, each page until two batches of ${WARM_BATCH} agree within 5% (at most ${WARM_MAX_BATCHES})`);
    const warmedWith: Record<string, number> = {};
    for (const one of cases) warmedWith[one.key] = await warm(one);
    const chains = await RefreshChains.start(app, REFRESH_CHAINS);
    await chains.run(2);

    console.log(`[bench] ${ROUNDS} rounds: ${REQUESTS} requests per page, ${CONNECTIONS} connections; refreshes ${REFRESH_CHAINS} x ${REFRESH_STEPS}`);
    const served: Record<string, Served[]> = Object.fromEntries(cases.map((one) => [one.key, []]));
    const refreshes: Awaited<ReturnType<RefreshChains['run']>>[] = [];
    let providerCalls = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Reversed every other round: drift (warm-up, other load) favours no page.
      const order = round % 2 === 0 ? cases : [...cases].reverse();
      for (const one of order) {
        const before = one.provider?.stats.demo.requests ?? 0;
        served[one.key]!.push(await serve(one.pid, one.target, REQUESTS));
        providerCalls += (one.provider?.stats.demo.requests ?? 0) - before;
      }
      refreshes.push(await chains.run(REFRESH_STEPS));
      const line = (key: string) => `${key} ${served[key]!.at(-1)!.cpuMsPerRequest.toFixed(2)}`;
      console.log(`[bench] round ${round + 1}: ms CPU/request: ${['dashboard', 'twin', 'bare', 'proxyIdle', 'document'].map(line).join(', ')}, refresh ${refreshes.at(-1)!.cpuMsPerRequest.toFixed(2)}`);
    }

    console.log('[bench] refresh storms');
    const storms = [];
    for (const concurrency of [10, 50, 200]) storms.push(await refreshStorm(app, concurrency, STORM_REPEATS));

    // Cookie bytes: the local provider's tokens, a Keycloak-sized set through the product's own
    // sessionCookieWrites (packed, sealed, chunked, with the marker), and a server-side session's handle.
    const env = appEnv(app.url);
    const cookieBytes = (header: string) => {
      const pairs = header.split('; ').filter((pair) => pair.startsWith(SESSION_COOKIE));
      return { count: pairs.length, bytes: pairs.join('; ').length };
    };
    const keycloakWrites = await sessionCookieWrites({ ...session, tokens: { ...session.tokens, ...(await keycloakShapedTokens()) } }, requestCookies(), env, nowSeconds());
    const cookies = {
      local: cookieBytes(withMarker),
      keycloak: cookieBytes(keycloakWrites.filter((write) => write.options.maxAge > 0).map((write) => `${write.name}=${write.value}`).join('; ')),
      server: cookieBytes(cookieHeader(memoryJar, memoryMode.url)),
    };

    console.log('[bench] browser JavaScript');
    const scriptPages = { home: await pageScripts(page(app, '/'), withMarker), dashboard: await pageScripts(page(app, '/dashboard'), withMarker), admin: await pageScripts(page(app, '/admin'), withMarker), twin: await pageScripts(page(app, '/benchmark-baseline')), bare: await pageScripts(page(bare, '/bare')), empty: await pageScripts(page(bare, '/empty')) };
    const dashboardScripts = [...scriptPages.dashboard.bodies.values()];
    const homeSources = new Set(scriptPages.home.bodies.keys());

    // Seal and unseal, median of 200: what lib/auth/session/sealed.ts does on a miss of its memos.
    const sealed = jar.get(app.url, SESSION_COOKIE) ?? '';
    const timesOf = async (operation: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let index = 0; index < 220; index++) {
        const start = performance.now();
        await operation();
        if (index >= 20) samples.push((performance.now() - start) * 1000);
      }
      return median(samples);
    };

    const perRound = (key: string) => spread((served[key] ?? []).map((run) => run.cpuMsPerRequest));
    const versus = (key: string, base: string) => spread((served[key] ?? []).map((run, round) => run.cpuMsPerRequest - (served[base]![round]?.cpuMsPerRequest ?? Number.NaN)));
    const latency = (key: string) => ({ p50: median((served[key] ?? []).map((run) => run.p50)), p99: median((served[key] ?? []).map((run) => run.p99)), rps: median((served[key] ?? []).map((run) => run.rps)), non2xx: (served[key] ?? []).reduce((sum, run) => sum + run.non2xx + run.errors, 0), requests: (served[key] ?? []).reduce((sum, run) => sum + run.requests, 0) });
    const pages = Object.fromEntries(cases.map((one) => [one.key, { cpu: perRound(one.key), ...latency(one.key) }]));
    const results: Results = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, next: JSON.parse(readFileSync('node_modules/next/package.json', 'utf8')).version as string },
      settings: { rounds: ROUNDS, requests: REQUESTS, connections: CONNECTIONS, pinned, built: BUILD, buildSeconds, quick: QUICK, warmedWith, refreshChains: REFRESH_CHAINS, refreshSteps: REFRESH_STEPS, stormRepeats: STORM_REPEATS, redis: Boolean(redisMode) },
      load: { start: loadAtStart, end: loadAverage() },
      pages,
      auth: {
        protected: versus('dashboard', 'twin'),
        proxyIdle: versus('proxyIdle', 'dashboard'),
        document: versus('document', 'dashboard'),
        refresh: spread(refreshes.map((run, round) => run.cpuMsPerRequest - (served.dashboard![round]?.cpuMsPerRequest ?? Number.NaN))),
        refreshCpu: spread(refreshes.map((run) => run.cpuMsPerRequest)),
        refreshed: refreshes.reduce((sum, run) => sum + run.refreshed, 0),
        refreshRequests: refreshes.reduce((sum, run) => sum + run.requests, 0),
        refreshTokenCalls: refreshes.reduce((sum, run) => sum + run.tokenCalls, 0),
        throughputRatio: spread((served.dashboard ?? []).map((run, round) => run.rps / (served.twin![round]?.rps ?? Number.NaN))),
        serverMemory: versus('serverMemory', 'dashboard'),
        serverRedis: redisMode ? versus('serverRedis', 'dashboard') : undefined,
      },
      shell: Object.fromEntries(['twin', 'shell', 'empty'].map((key) => [key, versus(key, 'bare')]).concat(['shell-no-session', 'shell-no-header', 'shell-no-footer', 'shell-no-metadata', 'shell-no-css', 'shell-no-headers'].map((key) => [key, versus('shell', key)])).concat([['appOverShell', versus('twin', 'shell')]])),
      providerCalls: { total: providerCalls, renders: ['dashboard', 'proxyIdle', 'document', 'serverMemory', 'serverRedis'].reduce((sum, key) => sum + (pages[key]?.requests ?? 0), 0) },
      storms,
      cookies,
      scripts: {
        pages: Object.fromEntries(Object.entries(scriptPages).map(([key, scripts]) => [key, { files: scripts.files, bytes: scripts.bytes, gzipBytes: scripts.gzipBytes }])),
        dashboardOnly: [...scriptPages.dashboard.bodies.keys()].filter((source) => !homeSources.has(source)).length,
        authMarkers: AUTH_MARKERS.filter((marker) => dashboardScripts.some((body) => body.includes(marker))),
      },
      seal: { sealUs: await timesOf(() => seal(pack(session), env, 3600)), unsealUs: await timesOf(async () => unpack(await unseal(sealed, env))), memoizedUnsealUs: await timesOf(() => unsealSession(sealed, env)) },
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    const markdown = report(results);
    console.log(markdown);
    if (QUICK) console.log('[bench] --quick: BENCHMARKS.md and bench/results.json left as they were');
    else {
      writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync('BENCHMARKS.md', markdown);
    }
  } finally {
    for (const server of servers) await server.stop();
    await redis?.stop();
  }
}

await main();
