import type { APIRequestContext } from '@playwright/test';

export interface IdpStats {
  grants: Record<string, number>;
  lastIssued: { access_token?: string; refresh_token?: string; id_token?: string };
}

/** What the local provider's token endpoint has done: counts by grant type, last tokens issued. */
export async function idpStats(request: APIRequestContext, idpUrl: string): Promise<IdpStats> {
  const response = await request.get(`${idpUrl}/__dev/stats`);
  return (await response.json()) as IdpStats;
}
