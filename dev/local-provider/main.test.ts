import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the local provider', () => {
  it('refuses to start when NODE_ENV=production', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'dev/local-provider/main.ts'], {
      env: { ...process.env, NODE_ENV: 'production', DEV_IDP_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refusing to start: NODE_ENV=production/);
  });
});
