import type { PhaseStats, Recorder } from './stats';

export interface Verdict {
  failures: string[];
  warnings: string[];
}

export interface Summary {
  mode: string;
  startedAt: string;
  seconds: number;
  verdict: Verdict & { passed: boolean };
  totals: Omit<PhaseStats, 'name' | 'about' | 'startedAt' | 'endedAt' | 'latencies' | 'statuses'> & { statuses: Record<string, number> };
  phases: (Omit<PhaseStats, 'latencies'> & { seconds: number; latencyMs: { p50: number; p95: number; max: number } })[];
  details: Record<string, number>;
  harness: Record<string, unknown>;
}

const COUNTERS = ['requests', 'stalls', 'allowed503', 'wrong5xx', 'lost', 'reuse', 'reuseAtKill', 'lostAtKill', 'refreshes', 'earlyRefreshes', 'tokenLeaks', 'wrongPerson', 'apiRefusedToken', 'signIns', 'signInFailures', 'faultsInjected'] as const;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

function totals(phases: PhaseStats[]): Summary['totals'] {
  const sum = Object.fromEntries(COUNTERS.map((key) => [key, phases.reduce((total, phase) => total + phase[key], 0)])) as Record<(typeof COUNTERS)[number], number>;
  const statuses: Record<string, number> = {};
  for (const phase of phases) for (const [status, count] of Object.entries(phase.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  return { ...sum, statuses };
}

/** The soak fails on anything a person would call broken; the rest is shown, not judged. */
/** `otherFailures`: what main.ts saw itself (a crashed instance, a harness step that failed). */
export function verdict(recorder: Recorder, otherFailures: string[], faultPhases: string[]): Verdict {
  const all = totals(recorder.phases);
  const timeouts = all.statuses.timeout ?? 0;
  const failures = [
    ...otherFailures,
    ...(all.lost ? [`${all.lost} session(s) lost`] : []),
    ...(all.reuse ? [`${all.reuse} rotated refresh token(s) presented again (the provider revoked those grants)`] : []),
    ...(all.wrong5xx ? [`${all.wrong5xx} wrong 5xx from the app (not 503 provider_unavailable / store_unavailable)`] : []),
    ...(all.tokenLeaks ? [`${all.tokenLeaks} issued token(s) found in responses`] : []),
    ...(all.wrongPerson ? [`${all.wrongPerson} answer(s) for another person`] : []),
    ...(timeouts ? [`${timeouts} request(s) without an answer in time`] : []),
  ];
  const quiet = recorder.phases.filter((phase) => phase.name !== 'sign-in' && phase.requests === 0).map((phase) => phase.name);
  // A fault the app never ran into tested nothing.
  const unexercised = recorder.phases.filter((phase) => faultPhases.includes(phase.name) && phase.faultsInjected === 0).map((phase) => phase.name);
  const warnings = [
    ...(all.earlyRefreshes ? [`${all.earlyRefreshes} refresh(es) earlier than the app's own rule allows, counted from when the provider answered (token times counted from the request's start?)`] : []),
    ...(all.reuseAtKill || all.lostAtKill ? [`${all.lostAtKill} session(s) lost and ${all.reuseAtKill} token(s) reused because instance B was SIGKILLed holding freshly rotated tokens (no app can keep those)`] : []),
    ...(all.apiRefusedToken ? [`${all.apiRefusedToken} time(s) the sample API refused the access token the app sent`] : []),
    ...(quiet.length ? [`no traffic in: ${quiet.join(', ')}`] : []),
    ...(unexercised.length ? [`no request met the provider's faults in: ${unexercised.join(', ')}`] : []),
  ];
  return { failures, warnings };
}

export function summary(recorder: Recorder, mode: string, result: Verdict, harness: Record<string, unknown>): Summary {
  const first = recorder.phases[0]!;
  const last = recorder.phases.at(-1)!;
  return {
    mode,
    startedAt: new Date(first.startedAt).toISOString(),
    seconds: Math.round(((last.endedAt ?? Date.now()) - first.startedAt) / 1000),
    verdict: { ...result, passed: result.failures.length === 0 },
    totals: totals(recorder.phases),
    phases: recorder.phases.map(({ latencies, ...phase }) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return { ...phase, seconds: Math.round(((phase.endedAt ?? Date.now()) - phase.startedAt) / 1000), latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 } };
    }),
    details: Object.fromEntries([...recorder.details].sort((a, b) => b[1] - a[1])),
    harness,
  };
}

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: (string | number)[]) => cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]!) : String(cell).padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Numbers first, then the balancer's own answers, then timeouts. */
function statusOrder(a: string, b: string): number {
  const rank = (status: string) => (/^\d+$/.test(status) ? Number(status) : status.startsWith('LB') ? 1000 : 2000);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export function render(result: Summary): string {
  const statuses = Object.keys(result.totals.statuses).sort(statusOrder);
  const dash = (value: number) => (value === 0 ? '.' : value);
  const rows: { name: string; seconds: number; requests: number; statuses: Record<string, number> }[] = [...result.phases, { ...result.totals, name: 'TOTAL', seconds: result.seconds }];
  const byStatus = table(
    ['phase', 's', 'requests', ...statuses],
    rows.map((row) => [row.name, row.seconds, row.requests, ...statuses.map((status) => dash(row.statuses[status] ?? 0))]),
  );
  const byVerdict = table(
    ['phase', 'p50 ms', 'p95 ms', 'max ms', '>2s', '503 ok', 'wrong 5xx', 'lost', 'reused', 'lost@kill', 'refreshes', 'early', 'leaks', 'API 401', 'sign-ins', 'failed', 'faults'],
    result.phases.map((phase) => [phase.name, phase.latencyMs.p50, phase.latencyMs.p95, phase.latencyMs.max, dash(phase.stalls), dash(phase.allowed503), dash(phase.wrong5xx), dash(phase.lost), dash(phase.reuse), dash(phase.lostAtKill), phase.refreshes, dash(phase.earlyRefreshes), dash(phase.tokenLeaks), dash(phase.apiRefusedToken), dash(phase.signIns), dash(phase.signInFailures), dash(phase.faultsInjected)]),
  );
  const totalsRow = `TOTAL: ${result.totals.requests} requests, ${result.totals.lost} lost, ${result.totals.reuse} reused, ${result.totals.wrong5xx} wrong 5xx, ${result.totals.tokenLeaks} tokens in responses, ${result.totals.stalls} answers over 2 s`;
  const details = Object.entries(result.details)
    .slice(0, 25)
    .map(([what, count]) => `  ${String(count).padStart(5)} × ${what}`);
  const verdictLines = result.verdict.passed ? ['PASSED'] : ['FAILED:', ...result.verdict.failures.map((failure) => `  - ${failure}`)];
  return [
    'Requests by phase and status, in the phase each answer arrived ("LB …": answered or cut by the balancer while the soak had an instance down; "LB …!": for an instance meant to be up):',
    byStatus,
    '',
    'Per phase (latency: app answers only; "503 ok": provider_unavailable / store_unavailable / temporarily_unavailable; "lost@kill": lost because B died holding its new tokens, not counted; "early": refreshes sooner than the app\'s rule allows):',
    byVerdict,
    '',
    totalsRow,
    ...(details.length ? ['', 'What happened (most frequent first):', ...details] : []),
    ...(result.verdict.warnings.length ? ['', 'Warnings (shown, not failing):', ...result.verdict.warnings.map((warning) => `  - ${warning}`)] : []),
    '',
    `Soak (${result.mode}, ${result.seconds} s): ${verdictLines.join('\n')}`,
  ].join('\n');
}
