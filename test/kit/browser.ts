import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium where it exists (CI here cannot download Playwright's browsers); set
 * CHROMIUM_PATH to choose another, or leave both absent to use Playwright's own browser.
 */
const executablePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const launchOptions: LaunchOptions = {
  executablePath,
  args: executablePath
    ? ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    : [],
};
