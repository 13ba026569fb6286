import { adminTokenGetter } from '../../../dev/keycloak/admin';
import { KEYCLOAK_REALM } from '../../../dev/keycloak/version';
import type { KeycloakSuite } from './suite';

/** One entry of Keycloak's event store (realm events; the suite's realm saves the types it reads). */
export interface KeycloakEvent {
  time: number;
  type: string;
  clientId?: string;
  userId?: string;
  sessionId?: string;
  error?: string;
  details?: Record<string, string>;
}

/** The parts of a client's admin representation the suite reads. */
export interface KeycloakClient {
  id: string;
  clientId: string;
  publicClient: boolean;
  clientAuthenticatorType: string;
  /** Keycloak generates one for every confidential client, whatever its authenticator. */
  secret?: string;
  attributes: Record<string, string>;
}

/** The few admin REST API calls the suite makes, as the realm's administrator would. */
export class KeycloakAdmin {
  private readonly token: () => Promise<string>;
  private readonly realmUrl: string;

  constructor(suite: KeycloakSuite) {
    this.token = adminTokenGetter(suite.keycloakUrl, suite.admin);
    this.realmUrl = `${suite.keycloakUrl}/admin/realms/${KEYCLOAK_REALM}`;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.realmUrl}${path}`, { ...init, headers: { authorization: `Bearer ${await this.token()}`, ...init.headers }, signal: AbortSignal.timeout(15_000) });
    if (!response.ok) throw new Error(`Keycloak admin API ${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  }

  async userId(username: string): Promise<string> {
    const users = (await (await this.call(`/users?username=${encodeURIComponent(username)}&exact=true`)).json()) as { id: string }[];
    if (users.length !== 1 || !users[0]) throw new Error(`expected one user ${username}, found ${users.length}`);
    return users[0].id;
  }

  /** A client's representation, as the admin console shows it (attributes, authenticator, the secret Keycloak keeps). */
  async client(clientId: string): Promise<KeycloakClient> {
    const clients = (await (await this.call(`/clients?clientId=${encodeURIComponent(clientId)}`)).json()) as KeycloakClient[];
    if (clients.length !== 1 || !clients[0]) throw new Error(`expected one client ${clientId}, found ${clients.length}`);
    return clients[0];
  }

  /** Keycloak session ids (`sid`) of the person's live sessions. */
  async sessionIds(username: string): Promise<string[]> {
    const sessions = (await (await this.call(`/users/${await this.userId(username)}/sessions`)).json()) as { id: string }[];
    return sessions.map((session) => session.id);
  }

  /** Ends every session of the person; Keycloak posts a logout token to each client's back-channel URL. */
  async logoutUser(username: string): Promise<void> {
    await this.call(`/users/${await this.userId(username)}/logout`, { method: 'POST' });
  }

  /** Saved events of these types since `since` (epoch ms), newest first. */
  async events(types: string[], since: number): Promise<KeycloakEvent[]> {
    const query = new URLSearchParams([...types.map((type) => ['type', type]), ['max', '1000']]);
    const events = (await (await this.call(`/events?${query}`)).json()) as KeycloakEvent[];
    return events.filter((event) => event.time >= since);
  }
}
