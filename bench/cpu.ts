import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU time a process has used so far, in milliseconds: utime + stime from /proc/<pid>/stat
 * (fields 14 and 15, in clock ticks), which the kernel sums over all of the process's threads,
 * living and exited (proc(5)). Linux only; the bench runs on the project's Linux machines.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux architecture the project runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS = 100;

/** The 1-, 5- and 15-minute load averages, as uptime prints them. */
export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [one, five, fifteen];
}
