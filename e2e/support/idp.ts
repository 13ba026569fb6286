import type { APIRequestContext } from '@playwright/test';

export interface RealmStats {
  requests: number;
  grants: Record<string, number>;
  revocations: number;
  endSessions: number;
  backchannel: { delivered: number; failed: number };
  lastIssued: { access_token?: string; refresh_token?: string; id_token?: string };
}

/** What the local provider's realms have done: token grants by type, revocations, last tokens. */
export async function idpStats(request: APIRequestContext, idpUrl: string): Promise<Record<'demo' | 'google', RealmStats>> {
  const response = await request.get(`${idpUrl}/__dev/stats`);
  return (await response.json()) as Record<'demo' | 'google', RealmStats>;
}
