import type { APIRequestContext } from '@playwright/test';
import type { RealmStats } from '../../dev/local-provider/server';

/** What the local provider's realms have done: requests, token grants by type, revocations, logouts. */
export async function idpStats(request: APIRequestContext, idpUrl: string): Promise<Record<'demo' | 'google', RealmStats>> {
  const response = await request.get(`${idpUrl}/__dev/stats`);
  return (await response.json()) as Record<'demo' | 'google', RealmStats>;
}
