import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * package-lock.json must install the same tree on every developer's machine: for each package
 * that ships native binaries as per-platform optional dependencies (Next's SWC, esbuild,
 * lightningcss, Tailwind's oxide, sharp, rolldown…), the lockfile lists the binaries of the
 * platforms people develop on. A lockfile regenerated with only one platform's entries installs
 * fine where it was made and leaves macOS or Windows without a compiler. (.ci/run also fails when
 * `npm install` on a fresh clone rewrites the lockfile.)
 */
const PLATFORMS = [
  { os: 'darwin', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'linux', cpu: 'x64' },
  { os: 'linux', cpu: 'arm64' },
  { os: 'win32', cpu: 'x64' },
];

interface LockEntry {
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };

/** Packages whose optional dependencies are platform binaries: name → those binaries' entries. */
function nativeFamilies(): Map<string, LockEntry[]> {
  const families = new Map<string, LockEntry[]>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const binaries = Object.keys(entry.optionalDependencies ?? {})
      .map((name) => lock.packages[`${path ? `${path}/` : ''}node_modules/${name}`] ?? lock.packages[`node_modules/${name}`])
      .filter((binary): binary is LockEntry => Boolean(binary?.os || binary?.cpu));
    if (binaries.length >= 3) families.set(path || '(root)', binaries);
  }
  return families;
}

describe('package-lock.json', () => {
  it('is a version 3 lockfile', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('lists, for every package with native binaries, those of macOS, Linux and Windows', () => {
    const families = nativeFamilies();
    expect(families.size).toBeGreaterThanOrEqual(4);
    const missing: string[] = [];
    for (const [family, binaries] of families) {
      for (const { os, cpu } of PLATFORMS) {
        const covered = binaries.some((binary) => (!binary.os || binary.os.includes(os)) && (!binary.cpu || binary.cpu.includes(cpu)));
        if (!covered) missing.push(`${family}: ${os}-${cpu}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
