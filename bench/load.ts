import autocannon from 'autocannon';
import { processCpuMs } from './cpu';

export interface Served {
  /** Requests answered (any status). */
  requests: number;
  non2xx: number;
  errors: number;
  /** The server process's CPU time over the run, divided by the requests it answered. */
  cpuMsPerRequest: number;
  rps: number;
  p50: number;
  p99: number;
}

/** What autocannon sends: a page and its headers (cookies, Fetch Metadata). */
export interface Target {
  url: string;
  headers?: Record<string, string>;
}

export const CONNECTIONS = 10;

/**
 * `requests` requests to `target` over CONNECTIONS connections (a fixed count, not a duration:
 * the run ends when the last answer is in, so no request is half-served when the CPU is read
 * again), and the CPU the server process `pid` spent meanwhile.
 */
export async function serve(pid: number, target: Target, requests: number): Promise<Served> {
  const before = processCpuMs(pid);
  const result = await autocannon({ url: target.url, headers: target.headers, connections: CONNECTIONS, amount: requests, timeout: 30 });
  const cpuMs = processCpuMs(pid) - before;
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    requests: answered,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest: cpuMs / Math.max(1, answered),
    rps: answered / Math.max(0.001, result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
