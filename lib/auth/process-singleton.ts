/**
 * One value per server process. Next bundles the proxy, route handlers and pages separately, and
 * each bundle gets its own copy of a module's top-level state; a Map or store kept there would
 * quietly split in three (a logout recorded by a route handler, unseen by a page). Values kept
 * on globalThis under a registered symbol are shared by every bundle of the process.
 *
 * Share plain data and our own objects only: a library object may depend on its own module's
 * hidden state (openid-client's Configuration does) and break when used from another bundle.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`next-oidc-bff:${name}`);
  const global = globalThis as unknown as Record<symbol, T | undefined>;
  global[key] ??= create();
  return global[key];
}
