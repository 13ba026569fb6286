import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The documentation is read by people learning how to do this right: what it points at must
 * exist, and what it names must be there. Missing targets are failures, not skips, even when
 * another branch is about to add them.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** What git tracks (the index: `git add` counts). Not a git checkout: this fails, loudly. */
const tracked: string[] = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);

const MAX_README_LINES = 200;
const documents = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)].filter((path) => existsSync(join(ROOT, path)));

/** Markdown without fenced code blocks and code spans: a path in an example is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Relative link targets: inline links, images and reference definitions; no URLs, no bare anchors. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown);
  const targets = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1] ?? '');
  return targets.filter((target) => target && !target.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//'));
}

function resolveLink(from: string, target: string): string {
  const path = decodeURI(target.replace(/[#?].*$/, ''));
  return path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(posix.dirname(from), path));
}

/** The rows of the first table after `heading`, as arrays of cells (header and separator rows dropped). */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no "${heading}" section`);
  const section = markdown.slice(start + heading.length + 2).split(/\n## /)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('|')).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  return rows.slice(2);
}

describe('the documentation', () => {
  it.each(documents)('%s: every relative link points at a file that exists', (document) => {
    const missing = relativeLinks(read(document)).filter((target) => !existsSync(join(ROOT, resolveLink(document, target))));
    expect(missing, `${document} links to missing files`).toEqual([]);
  });

  it(`README.md has at most ${MAX_README_LINES} lines`, () => {
    expect(read('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  describe("docs/architecture.md's layout table", () => {
    const rows = tableAfter(read('docs/architecture.md'), '## Project layout');
    const listed = rows.flatMap((row) => [...(row[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ''));
    /** Every folder that holds a tracked file, at any depth: `lib/`, `lib/auth/`, … */
    const folders = new Set(tracked.flatMap((path) => path.split('/').slice(0, -1).map((_, index, parts) => `${parts.slice(0, index + 1).join('/')}/`)));

    it('names only paths git tracks', () => {
      const absent = listed.filter((path) => (path.endsWith('/') ? !folders.has(path) : !tracked.includes(path)));
      expect(absent).toEqual([]);
    });

    it('lists every top-level folder and every folder of lib/auth', () => {
      const required = [...folders].filter((folder) => /^[^/]+\/$/.test(folder) || /^lib\/auth\/[^/]+\/$/.test(folder));
      expect(required.filter((folder) => !listed.includes(folder))).toEqual([]);
    });
  });

  it('docs/security.md: every test name it quotes is in the test file it links', () => {
    const problems: string[] = [];
    for (const line of read('docs/security.md').split('\n').filter((row) => row.startsWith('|'))) {
      const names = [...line.matchAll(/(?<![\w*])\*([^*|]+)\*(?![\w*])/g)].map((match) => match[1] ?? '');
      if (names.length === 0) continue;
      const files = relativeLinks(line).map((target) => resolveLink('docs/security.md', target)).filter((path) => /\.(test|spec)\.ts$/.test(path));
      if (files.length === 0) problems.push(`names without a test file: ${names.join('; ')}`);
      // Test titles are string literals: compare without their escapes (app\'s).
      const sources = files.filter((path) => existsSync(join(ROOT, path))).map((path) => read(path).replace(/\\(['"`])/g, '$1'));
      for (const name of names) if (!sources.some((source) => source.includes(name))) problems.push(`"${name}" is in none of ${files.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('configuration: the code, .env.example and docs/configuration.md agree', () => {
  const example = new Set([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? ''));
  const documented = new Set([...read('docs/configuration.md').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ''));
  /** KEYCLOAK_PROFILE is documented as the suffix PROFILE of the per-provider table. */
  const isDocumented = (name: string) => documented.has(name) || documented.has(name.replace(/^(KEYCLOAK|OIDC)_/, ''));

  /** Every variable the code reads: process.env, the schemas' keys, and the provider groups. */
  function variablesRead(): Set<string> {
    const names = new Set<string>();
    const sources = tracked.filter((path) => /\.(ts|tsx|mjs)$/.test(path) && !/\.test\.ts$/.test(path));
    for (const path of sources) for (const match of read(path).matchAll(/\b(?:process\.env|source|input)\.([A-Z][A-Z0-9_]{2,})/g)) names.add(match[1] ?? '');
    for (const path of ['lib/auth/config/env.ts', 'dev/local-provider/settings.ts', 'dev/sample-api/main.ts', 'dev/device-login/main.ts']) {
      for (const match of read(path).matchAll(/^\s+([A-Z][A-Z0-9_]+):\s/gm)) names.add(match[1] ?? '');
    }
    for (const match of read('lib/auth/config/providers.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+):\s/gm)) {
      const key = match[1] ?? '';
      if (key.startsWith('GOOGLE_')) names.add(key);
      else for (const prefix of ['KEYCLOAK_', 'OIDC_']) names.add(`${prefix}${key}`);
    }
    return names;
  }

  /** Set by Next, by CI, by `npm run bench` or `npm run dev` itself: documented, never assigned in .env.example. */
  const NOT_ASSIGNED = ['NODE_ENV', 'NEXT_RUNTIME', 'CI', 'BENCHMARK_BUILD', 'BENCH_APP_HEADERS', 'DEV_DEMO_USERS'];

  it('every variable the code reads is in .env.example and docs/configuration.md', () => {
    const names = [...variablesRead()];
    expect(names.filter((name) => !example.has(name) && !NOT_ASSIGNED.includes(name))).toEqual([]);
    expect(names.filter((name) => !isDocumented(name))).toEqual([]);
  });

  it('every variable in .env.example is documented', () => {
    expect([...example].filter((name) => !isDocumented(name))).toEqual([]);
  });
});
