import { readFileSync } from 'node:fs';

/**
 * The instances' most frequent log lines, with numbers, ids and hashes blanked so that repeats
 * group together: under faults they say what the app thought was happening.
 */
export function frequentLines(paths: string[], limit = 12): [string, number][] {
  const counts = new Map<string, number>();
  for (const path of paths) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      // Startup banners and the inside of stack traces say nothing about what happened.
      if (!trimmed || /^(▲|-|✓|at |}|digest:|errno:|code:|syscall:)/.test(trimmed)) continue;
      const shape = trimmed.replace(/[A-Za-z0-9_-]{20,}/g, '…').replace(/\d+/g, 'N').slice(0, 160);
      counts.set(shape, (counts.get(shape) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit);
}
