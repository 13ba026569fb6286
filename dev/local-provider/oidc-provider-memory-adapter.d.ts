// oidc-provider's own in-memory storage, which it uses when no adapter is configured. The package
// has no "exports" map, so the module is reachable; it ships no types of its own.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type { AdapterFactory } from 'oidc-provider';
  export function createMemoryAdapter(clockTolerance?: number): AdapterFactory;
}
