import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './processes';
import { KEYCLOAK_ARTIFACT, KEYCLOAK_VERSION } from './version';

/** Ignored by git (.gitignore): the unpacked distribution, reused by every later run. */
export const CACHE_DIR = fileURLToPath(new URL('../../.cache/keycloak/', import.meta.url));

/**
 * Keycloak cannot run here, for a reason the person can fix (no Java, no Maven). Outside CI the
 * suite skips with a notice on this error; in CI it fails, like any other error.
 */
export class KeycloakUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeycloakUnavailable';
  }
}

export interface KeycloakInstall {
  /** The distribution's folder: bin/kc.sh, lib/, themes/, … */
  home: string;
  version: string;
  /** The JVM kc.sh will use (it prefers JAVA_HOME, as here). */
  java: string;
  javaVersion: number;
}

/** Downloading 180 MB and unpacking it: generous for a slow mirror, still a bound. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
const UNPACK_TIMEOUT_MS = 2 * 60_000;

/** `java -version` prints `openjdk version "17.0.15"` (or `"1.8.0_…"` before Java 9) on stderr. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function findJava(): { java: string; javaVersion: number } {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) throw new KeycloakUnavailable(`no Java found (${java}): install a JDK 17 or later, or set JAVA_HOME`);
  const javaVersion = parseJavaMajor(`${probe.stderr}${probe.stdout}`);
  // Keycloak 26 runs on Java 17 and 21 (and later); older JVMs fail with a class-version error.
  if (!javaVersion || javaVersion < 17) throw new KeycloakUnavailable(`${java} is Java ${javaVersion ?? '(unknown)'}; Keycloak ${KEYCLOAK_VERSION} needs 17 or later (set JAVA_HOME)`);
  return { java, javaVersion };
}

function readVersion(home: string): string {
  const text = existsSync(join(home, 'version.txt')) ? readFileSync(join(home, 'version.txt'), 'utf8') : '';
  return /Version (\S+)/.exec(text)?.[1] ?? 'unknown';
}

/** An existing installation named by KEYCLOAK_HOME: used as it is, whatever its version. */
function existingInstall(home: string): string {
  if (!existsSync(join(home, 'bin', 'kc.sh'))) throw new Error(`KEYCLOAK_HOME=${home} has no bin/kc.sh: point it at an unpacked Keycloak server distribution`);
  const version = readVersion(home);
  if (version !== KEYCLOAK_VERSION) console.warn(`[keycloak] KEYCLOAK_HOME is Keycloak ${version}; the tested version is ${KEYCLOAK_VERSION}.`);
  return home;
}

/**
 * The pinned distribution from Maven Central through Maven itself (its mirror and proxy
 * settings apply; -C fails on a checksum mismatch), unpacked once into the cache. The unpack
 * goes to a scratch folder renamed at the end, so an interrupted run never leaves half a Keycloak.
 */
async function cachedInstall(log: (line: string) => void): Promise<string> {
  const home = join(CACHE_DIR, `keycloak-${KEYCLOAK_VERSION}`);
  if (existsSync(join(home, 'bin', 'kc.sh'))) return home;
  if (spawnSync('mvn', ['-v'], { timeout: 30_000 }).error) {
    throw new KeycloakUnavailable(`Keycloak ${KEYCLOAK_VERSION} is not in ${CACHE_DIR} and Maven (mvn) is not installed to fetch it; install Maven, or set KEYCLOAK_HOME to an unpacked Keycloak`);
  }
  const scratch = join(CACHE_DIR, `.download-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const started = Date.now();
    log(`downloading ${KEYCLOAK_ARTIFACT} with mvn…`);
    await runCommand('mvn', ['-q', '-B', '-C', 'dependency:copy', `-Dartifact=${KEYCLOAK_ARTIFACT}`, `-DoutputDirectory=${scratch}`], { timeoutMs: DOWNLOAD_TIMEOUT_MS, cwd: scratch });
    const archive = readdirSync(scratch).find((name) => name.endsWith('.tar.gz'));
    if (!archive) throw new Error(`mvn dependency:copy left no .tar.gz in ${scratch}`);
    log(`downloaded in ${((Date.now() - started) / 1000).toFixed(1)} s; unpacking…`);
    await runCommand('tar', ['-xzf', archive], { timeoutMs: UNPACK_TIMEOUT_MS, cwd: scratch });
    const unpacked = join(scratch, `keycloak-${KEYCLOAK_VERSION}`);
    if (!existsSync(join(unpacked, 'bin', 'kc.sh'))) throw new Error(`the archive did not contain keycloak-${KEYCLOAK_VERSION}/bin/kc.sh`);
    renameSync(unpacked, home);
    log(`Keycloak ${KEYCLOAK_VERSION} is in ${home} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return home;
  } finally {
    // The archive stays in Maven's local repository (~/.m2), so a lost cache needs no download.
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Java first (nothing runs without it), then KEYCLOAK_HOME or the cached, pinned download. */
export async function installKeycloak(log: (line: string) => void = () => undefined): Promise<KeycloakInstall> {
  const { java, javaVersion } = findJava();
  const home = process.env.KEYCLOAK_HOME ? existingInstall(process.env.KEYCLOAK_HOME) : await cachedInstall(log);
  return { home, version: readVersion(home), java, javaVersion };
}
