import { CHUNK_SIZE } from '../lib/auth/session';
import type { Storm } from './refresh';
import { SERVER_NODE_OPTIONS } from './servers';
import { AUTH_MARKERS } from './scripts';
import type { Spread } from './stats';

interface PageRow {
  cpu: Spread;
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  requests: number;
}

type Bytes = { count: number; bytes: number };
type Scripts = { files: number; bytes: number; gzipBytes: number };

export interface Results {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; next: string };
  settings: { rounds: number; requests: number; connections: number; pinned: boolean; built: boolean; buildSeconds: number; quick: boolean; warmedWith: Record<string, number>; refreshChains: number; refreshSteps: number; stormRepeats: number; redis: boolean };
  load: { start: number[]; end: number[] };
  pages: Record<string, PageRow>;
  auth: { protected: Spread; proxyIdle: Spread; document: Spread; refresh: Spread; refreshCpu: Spread; refreshed: number; refreshRequests: number; refreshTokenCalls: number; throughputRatio: Spread; serverMemory: Spread; serverRedis?: Spread };
  shell: Record<string, Spread>;
  providerCalls: { total: number; renders: number };
  storms: Storm[];
  cookies: { local: Bytes; keycloak: Bytes; server: Bytes };
  scripts: { pages: Record<string, Scripts>; dashboardOnly: number; authMarkers: string[] };
  seal: { sealUs: number; unsealUs: number; memoizedUnsealUs: number };
  wallSeconds: number;
}

const STORM_TARGETS: Record<number, number> = { 10: 50, 50: 150, 200: 500 };
const AUTH_TARGET_MS = 0.05;
const SHELL_TARGET_MS = 0.5;
const COOKIE_TARGET_BYTES = 4000;

const ms = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const signed = (value: number) => (value >= 0 ? '+' : '−') + ms(Math.abs(value));
/** "median (min to max)" of per-round values. */
const range = (s: Spread, show = signed) => `${show(s.median)} (${show(s.min)} to ${show(s.max)})`;
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');

export function report(r: Results): string {
  const p = r.pages;
  const row = (label: string, key: string, over?: string) => {
    const page = p[key];
    if (!page) return '';
    const difference = over && p[over] ? signed(page.cpu.median - p[over].cpu.median) : '';
    return `| ${label} | ${ms(page.cpu.median)} (${ms(page.cpu.min)} to ${ms(page.cpu.max)}) | ${difference} | ${page.p50} | ${page.p99} | ${page.rps.toFixed(0)} | ${page.non2xx} |`;
  };
  const stormRows = r.storms.map(
    (s) =>
      `| ${s.concurrency} | ${s.tokenCalls.join(', ')} | ${s.allOk ? 'yes' : 'no'} | ${ms(s.fresh.median, 0)} | ${ms(s.proxied.median, 0)} | ${ms(s.expired.median, 0)} | ${range(s.added, (value) => ms(value, 0))} (≤ ${STORM_TARGETS[s.concurrency]}) | ${ms(s.expiredMax, 0)} |`,
  );
  const stormsMet = r.storms.every((s) => s.added.median <= (STORM_TARGETS[s.concurrency] ?? 0));
  const oneCall = r.storms.every((s) => s.tokenCalls.every((calls) => calls === 1) && s.allOk);
  const empty = r.scripts.pages.empty?.gzipBytes ?? 0;
  const scriptRow = (label: string, key: string) => {
    const s = r.scripts.pages[key];
    return s ? `| ${label} | ${s.files} | ${kib(s.bytes)} | ${kib(s.gzipBytes)} | ${key === 'empty' ? '' : `+${kib(s.gzipBytes - empty)}`} |` : '';
  };
  const part = (label: string, key: string) => (r.shell[key] ? `| ${label} | ${range(r.shell[key])} |` : '');
  return `# Benchmarks

What auth and the example app's shell cost per request, measured by \`npm run bench\` (bench/run.ts) as
the server process's CPU time per request served. The numbers below are one run's, written by the
script itself; bench/results.json holds the same run raw.

- **Machine**: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, Next ${r.machine.next}
- **Load average** (1, 5, 15 min): ${load(r.load.start)} at the start, ${load(r.load.end)} at the end.${r.load.start[0]! > 1.5 || r.load.end[0]! > 1.5 ? ' **The machine was busy** (other builds and tests share its 2 cores): re-run `npm run bench` on a quiet machine for steadier figures.' : ''}
- **Run**: ${r.date}, ${r.settings.rounds} rounds of ${r.settings.requests} requests per page (${r.settings.connections} connections, autocannon), page order reversed every other round, each server warmed up with 2,400 requests or more and each page until two batches agree within 5%; ${r.settings.pinned ? 'servers pinned to core 1, load generator, local providers and redis-server to core 0' : 'not pinned to cores'}; loopback only; ${r.wallSeconds} s in all${r.settings.built ? `, ${r.settings.buildSeconds} s of it the two builds` : ', without a build (--no-build)'}${r.settings.quick ? '; **--quick**' : ''}
- **Command**: \`npm run bench\` (\`-- --no-build\` reuses the last builds, \`-- --quick\` tries it out in a minute)
- **CPU per request**: utime + stime of the server process (/proc/<pid>/stat, all threads) over a run of requests, divided by the requests it answered. Differences are taken round by round, then summarized as median (min to max) over the rounds. Servers run with \`${SERVER_NODE_OPTIONS.join(' ')}\`: each idles while the others are measured, and V8 shrinks an idle heap, which the next rounds paid for (bench/servers.ts).

## Targets

| target | result | |
|---|---|---|
| auth CPU per protected render, over the same page without auth: ≤ ${AUTH_TARGET_MS} ms | ${range(r.auth.protected)} ms | ${verdict(r.auth.protected.median <= AUTH_TARGET_MS)} |
| refresh storms, added p50 at 10 / 50 / 200: ≤ 50 / 150 / 500 ms | ${r.storms.map((s) => ms(s.added.median, 0)).join(' / ')} ms | ${verdict(stormsMet)} |
| one token call per storm, every request answered 200 | ${r.storms.map((s) => `${s.tokenCalls.join(', ')} at ${s.concurrency}`).join('; ')} | ${verdict(oneCall)} |
| Keycloak-sized token set: ≤ ${COOKIE_TARGET_BYTES.toLocaleString('en')} bytes of Cookie header | ${r.cookies.keycloak.bytes} bytes, ${r.cookies.keycloak.count} cookies | ${verdict(r.cookies.keycloak.bytes <= COOKIE_TARGET_BYTES)} |
| the app's shell within ${SHELL_TARGET_MS} ms of a bare Next 16 page (the no-auth twin over the same page in a bare Next app) | ${range(r.shell.twin!)} ms | ${verdict((r.shell.twin?.median ?? Infinity) <= SHELL_TARGET_MS)} |
| provider calls per render with a valid access token: 0 | ${r.providerCalls.total} in ${r.providerCalls.renders} renders | ${verdict(r.providerCalls.total === 0)} |
| no token, secret or server auth code in the browser's JavaScript | markers found on /dashboard: ${r.scripts.authMarkers.length ? r.scripts.authMarkers.join(', ') : 'none'} | ${verdict(r.scripts.authMarkers.length === 0)} |

Verdicts use the medians over the rounds. How far one round is from the next: the page without
auth alone ranged over ${ms((p.twin?.cpu.max ?? NaN) - (p.twin?.cpu.min ?? NaN))} ms CPU per request between rounds in this run, so a
difference smaller than that is within this machine's noise, whichever side of a target it falls.

## 1. What auth costs per request

The same dashboard, server-rendered, under different cookies. "No auth" is \`/benchmark-baseline\`,
the dashboard's markup with a fixed user and no session read, in the app (its shell included),
built only into the bench's own build (app/(bench), BENCHMARK_BUILD=1). The protected render
differs from it in more than the session reads (a memoized unseal, section 7, and a revocation-list
lookup): its request carries the session cookies for Node and Next to parse, and the root layout's
header renders signed in (name and a sign-out form) where the twin's renders signed out.

| request | ms CPU per request (rounds) | over the row it is compared with | p50 ms | p99 ms | req/s | non-2xx |
|---|---|---|---|---|---|---|
${row('/benchmark-baseline: the page without auth', 'twin')}
${row('/dashboard, a browser’s cookies (session and freshness marker: proxy.ts does not run)', 'dashboard', 'twin')}
${row('/dashboard, session cookie without the marker, nothing due (proxy.ts reads the session, sets the marker again)', 'proxyIdle', 'dashboard')}
${row('/dashboard as a document (Sec-Fetch-Dest: document: proxy.ts runs for the CSP nonce)', 'document', 'dashboard')}

Per round (median, min to max, ms CPU per request):

- **auth** (protected render over the page without auth): ${range(r.auth.protected)}; throughput ratio ${range(r.auth.throughputRatio, (value) => value.toFixed(3))}
- **proxy.ts finding nothing due** (over the protected render): ${range(r.auth.proxyIdle)}
- **document with the nonce** (over the protected render): ${range(r.auth.document)}
- **a refresh** (over the protected render): ${range(r.auth.refresh)}; the refresh requests themselves ${range(r.auth.refreshCpu, (value) => ms(value))}. ${r.settings.refreshChains} sessions at once, each refreshed ${r.settings.refreshSteps} times a round, one after another, with the token expired before each request: ${r.auth.refreshed} of ${r.auth.refreshRequests} answered 200 with a new session, ${r.auth.refreshTokenCalls} token calls. The provider's own work runs in the bench's process, not counted.

The throughput ratio (protected over no-auth req/s, per round) is kept beside the CPU figures: on
two shared cores it swings by more than auth costs.

## 2. Refresh storms

N requests at once, all carrying the same cookie whose access token has expired (and no marker, so
proxy.ts refreshes), against N at once of a fresh session (marker set: proxy.ts skipped) and N at
once of the session cookie alone with nothing due (proxy.ts runs and finds nothing to do).
${r.settings.stormRepeats} repetitions, each with a new sign-in, the three batches in alternating order; p50
per batch, the median over the repetitions; "added" is expired over fresh per repetition,
median (min to max). "Token calls" is what the provider's token endpoint saw, per repetition.

The renders of one batch interleave, so its requests finish almost together and its p50 is close
to its whole length: N times the CPU of one request. What a storm adds over a fresh batch is what
proxy.ts adds to every request (compare the two columns on its right): the refresh itself, one
token call, one seal shared by all (lib/auth/session/sealed.ts) and its outcome reused from memory
by the late ones (lib/auth/lifecycle/refresh.ts), is lost in that.

| N | token calls | all 200 | p50 fresh ms | p50 proxy.ts, nothing due ms | p50 expired ms | added p50 ms (target) | max expired ms |
|---|---|---|---|---|---|---|---|
${stormRows.join('\n')}

## 3. Session cookies

| token set | cookies | bytes in the Cookie header |
|---|---|---|
| local provider (after sign-in) | ${r.cookies.local.count} | ${r.cookies.local.bytes} |
| Keycloak-sized (test/kit/keycloak-tokens.ts: access ~1,800, refresh ~850, ID ~1,400 characters), through the product's sessionCookieWrites | ${r.cookies.keycloak.count} | ${r.cookies.keycloak.bytes} |
| SESSION_STORAGE=server (the cookie is a handle; the sealed session is in the store) | ${r.cookies.server.count} | ${r.cookies.server.bytes} |

Marker included. Each chunk stays under ${CHUNK_SIZE} characters of value (browsers cap a cookie at 4,096 bytes).

## 4. Session modes side by side

The protected dashboard, a browser's cookies, each mode on its own server of the same build.

| SESSION_STORAGE | ms CPU per request (rounds) | over cookie mode | p50 ms | p99 ms | req/s | non-2xx |
|---|---|---|---|---|---|---|
${row('cookie', 'dashboard')}
${row('server, STORE=memory', 'serverMemory', 'dashboard')}
${r.settings.redis ? row('server, Redis (redis-server on core 0; its CPU is not counted)', 'serverRedis', 'dashboard') : '| server, Redis | not run: redis-server is not installed | | | | | |'}

## 5. The shell: the app around a page, against a bare Next 16 page

bench/bare-next is a Next 16 app of its own: the same no-auth twin page under a root layout of
\`<html><body>\` only (\`/bare\`), Next alone (\`/empty\`), and the app's root layout around the twin
(\`/shell\`, app/layout.tsx itself) with one part left out at a time (\`/shell-no-…\`). Same server
kind (standalone server.js), same core, same rounds.

| page | ms CPU per request over /bare (rounds) |
|---|---|
${part('the app’s no-auth twin (/benchmark-baseline, in the app)', 'twin')}
${part('app/layout.tsx around the twin, in the bare app (/shell)', 'shell')}
${part('Next alone, an empty page (/empty)', 'empty')}

What each part costs: /shell over /shell without it.

| part | ms CPU per request (rounds) |
|---|---|
${part('the root layout reading the session for the header (getSession(), no cookie)', 'shell-no-session')}
${part('the header (logo, nav links with aria-current: a client component), with the session read', 'shell-no-header')}
${part('the footer', 'shell-no-footer')}
${part('metadata and viewport (title template, description, theme colours)', 'shell-no-metadata')}
${part('the stylesheet (app/globals.css, Tailwind)', 'shell-no-css')}
${part('next.config.ts headers() (security headers on every response)', 'shell-no-headers')}
${part('the rest of the app around its twin: proxy.ts matcher, the 404/403/error boundaries every payload carries, authInterrupts’ default 401, icons, the app’s other routes (twin over /shell)', 'appOverShell')}

## 6. Browser JavaScript

Every script each page loads (script tags and the chunks its payload names), gzipped at level 6.
"Over a bare Next 16 page" compares with \`/empty\` in bench/bare-next: Next and React alone.

| page | files | KiB | KiB gzip | KiB gzip over a bare Next 16 page |
|---|---|---|---|---|
${scriptRow('/ (home, signed in)', 'home')}
${scriptRow('/dashboard (lib/auth/react: SessionProvider, useSession, bffFetch)', 'dashboard')}
${scriptRow('/admin', 'admin')}
${scriptRow('/benchmark-baseline (the twin, in the app)', 'twin')}
${scriptRow('/bare (the twin in a bare Next app)', 'bare')}
${scriptRow('/empty (a bare Next 16 page)', 'empty')}

Scripts /dashboard loads that home does not: ${r.scripts.dashboardOnly}. None of /dashboard's scripts may contain any of: ${AUTH_MARKERS.join(', ')}${r.scripts.authMarkers.length ? ` (found: ${r.scripts.authMarkers.join(', ')})` : ' (none found)'}.

## 7. Sealing

Median of 200 calls, one session as the local provider issues it:

| operation | µs |
|---|---|
| seal (lib/auth/session: pack, then iron-session's sealData) | ${r.seal.sealUs.toFixed(0)} |
| unseal (lib/auth/session: iron-session's unsealData, then unpack) | ${r.seal.unsealUs.toFixed(0)} |
| unseal through lib/auth/session/sealed.ts (memoized by a hash of the cookie) | ${r.seal.memoizedUnsealUs.toFixed(1)} |

## 8. Provider calls while rendering

The local providers counted ${r.providerCalls.total} requests while the protected pages above were rendered ${r.providerCalls.renders} times with a valid access token (all modes, proxy.ts or not): rendering reads the session and never asks the provider.
`;
}
