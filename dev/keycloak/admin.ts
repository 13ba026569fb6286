/**
 * The master realm's admin, as the admin REST API wants it: a short-lived access token from
 * the password grant of the built-in `admin-cli` client. Tokens are reused until shortly
 * before they expire (Keycloak's default for master is 60 s).
 */
export function adminTokenGetter(baseUrl: string, admin: { username: string; password: string }): () => Promise<string> {
  let cached: { token: string; renewAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.renewAt) return cached.token;
    const response = await fetch(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: admin.username, password: admin.password }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Keycloak admin sign-in answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, renewAt: Date.now() + Math.max(0, body.expires_in - 15) * 1000 };
    return body.access_token;
  };
}
