import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYCLOAK_VERSION } from '../dev/keycloak/version';

/**
 * No Docker engine runs in CI, so the image is never built there: these checks hold the
 * Dockerfile and the compose stack to their promises by reading them. (That every path the
 * Dockerfile copies exists after `npm run build` is checked by test/integration/standalone.test.ts.)
 */
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Instructions of the Dockerfile's last stage (the image that runs), continuation lines joined. */
function runtimeStage(): string[] {
  const instructions = read('Dockerfile')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const lastFrom = instructions.findLastIndex((line) => /^FROM\s/i.test(line));
  return instructions.slice(lastFrom);
}

describe('Dockerfile', () => {
  const stage = runtimeStage();
  const index = (pattern: RegExp) => stage.findIndex((line) => pattern.test(line));

  it('runs the server as an unprivileged user, never switching back to root', () => {
    const users = stage.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(index(/^USER\s/i)).toBeLessThan(index(/^CMD\s/i));
  });

  it('ships only the standalone directory that npm run build completes', () => {
    const copies = stage.filter((line) => /^(COPY|ADD)\s/i.test(line));
    expect(copies).toEqual(['COPY --from=build /app/.next/standalone ./']);
    expect(stage.at(-1)).toBe('CMD ["node", "server.js"]');
  });

  it('runs in production mode, listening beyond the container on PORT', () => {
    const env = stage.filter((line) => /^ENV\s/i.test(line)).join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bHOSTNAME=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bPORT=\d+\b/);
  });

  it('has a health check against the health route, which exists', () => {
    const check = stage.find((line) => /^HEALTHCHECK\s/i.test(line)) ?? '';
    expect(check).toContain("'/health'");
    expect(existsSync(new URL('../app/health/route.ts', import.meta.url))).toBe(true);
  });

  it('takes no secret as a build argument or image variable', () => {
    const declared = read('Dockerfile').match(/^\s*(ARG|ENV)\s.*$/gim) ?? [];
    expect(declared.join('\n')).not.toMatch(/SECRET|PASSWORD|TOKEN|PRIVATE|_KEY/i);
  });
});

describe('.dockerignore', () => {
  const patterns = read('.dockerignore').split('\n').map((line) => line.trim());

  it('keeps every env file, installed or built output and test results out of the build context', () => {
    for (const pattern of ['**/.env', '**/.env.*', '**/*.env', 'node_modules', '.next', '.next-bench', '.cache', 'test-results', 'playwright-report', '.git']) expect(patterns).toContain(pattern);
    expect(patterns.filter((line) => line.startsWith('!'))).toEqual([]);
  });

  it("and git ignores the compose stack's secrets file", () => {
    const result = spawnSync('git', ['check-ignore', '-q', 'deploy/app.env'], { cwd: new URL('..', import.meta.url) });
    expect(result.status).toBe(0);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = read('deploy/compose.yaml');

  it('runs the Keycloak version the Keycloak suite tests, with the demo realm', () => {
    expect(compose).toContain(`image: quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}\n`);
    expect(compose).toContain('- ../dev/keycloak/demo-realm.json:/opt/keycloak/data/import/demo-realm.json:ro');
  });

  it('publishes ports on loopback only (dev-mode Keycloak has a known admin password)', () => {
    const published = compose.match(/^\s+- '[^']*:\d+'$/gm) ?? [];
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port.trim()).toMatch(/^- '127\.0\.0\.1:\d+:\d+'$/);
  });

  it('runs Redis persistent and never evicting (sign-outs, refresh locks, sessions)', () => {
    expect(compose).toMatch(/redis-server', '--appendonly', 'yes'.*'--maxmemory-policy', 'noeviction'/);
    expect(compose).toMatch(/- redis-data:\/data/);
  });

  it('gives the app one issuer both the browser and the app reach, and its secrets from an untracked file', () => {
    expect(compose).toMatch(/network_mode: service:keycloak/);
    expect(compose).toMatch(/KEYCLOAK_ISSUER: http:\/\/localhost:8080\/realms\/demo/);
    expect(compose).toMatch(/KC_HOSTNAME: http:\/\/localhost:8080\n/);
    expect(compose).toMatch(/env_file:\n(\s+#.*\n)*\s+- app\.env\n/);
    expect(compose).not.toMatch(/SESSION_SECRET:/);
  });
});
