import { gzipSync } from 'node:zlib';
import { get } from '../test/kit/http';

export interface PageScripts {
  files: number;
  bytes: number;
  gzipBytes: number;
  /** Script URL → its body. */
  bodies: Map<string, string>;
}

/**
 * Every script a page makes the browser load: the <script src> tags and the chunks its RSC
 * payload names for client components (the browser fetches those as the payload arrives), each
 * measured raw and gzipped (level 6, what servers and CDNs commonly send).
 */
export async function pageScripts(url: string, cookie = ''): Promise<PageScripts> {
  const html = (await get(url, { cookie, follow: true })).body;
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script[^>]+src="([^"]+)"/g)) sources.add(match[1] as string);
  // In the payload the chunk paths are JSON strings inside inline scripts, their quotes escaped.
  for (const match of html.matchAll(/\/_next\/static\/chunks\/[\w.~-]+\.js/g)) sources.add(match[0]);
  const bodies = new Map<string, string>();
  let gzipBytes = 0;
  for (const source of sources) {
    const answer = await get(new URL(source, url).href);
    if (answer.status !== 200) throw new Error(`${source} (from ${url}) answered ${answer.status}`);
    bodies.set(source, answer.body);
    gzipBytes += gzipSync(answer.body, { level: 6 }).length;
  }
  return { files: bodies.size, bytes: [...bodies.values()].reduce((sum, body) => sum + Buffer.byteLength(body), 0), gzipBytes, bodies };
}

/** Strings that would mean auth secrets or server code reached the browser. */
export const AUTH_MARKERS = ['app_session', 'iron-session', 'Fe26.2', 'openid-client', 'oauth4webapi', 'refresh_token', 'SESSION_SECRET'];
