import type { TestProject } from 'vitest/node';

/**
 * vitest globalSetup of each integration project (vitest.integration.config.ts): one line per
 * run at the start, so a log shows which session storages ran; each file's line carries the
 * project's name too.
 */
export default function announce(project: TestProject): void {
  const storage = project.config.env.TEST_SESSION_STORAGE === 'server' ? 'SESSION_STORAGE=server, each test file\'s apps keep their sessions in that file\'s Redis' : 'SESSION_STORAGE=cookie, each session sealed in its cookie';
  console.log(`[integration] ${project.name}: ${storage}`);
}
