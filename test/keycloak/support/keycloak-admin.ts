import { adminTokenGetter } from '../../../dev/keycloak/admin';
import { KEYCLOAK_REALM } from '../../../dev/keycloak/version';
import { request, type Answer } from '../../kit/http';
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

  private async call(path: string, method = 'GET'): Promise<Answer> {
    const response = await request(`${this.realmUrl}${path}`, { method, headers: { authorization: `Bearer ${await this.token()}` }, follow: true, timeoutMs: 15_000 });
    if (response.status < 200 || response.status >= 300) throw new Error(`Keycloak admin API ${method} ${path} answered ${response.status}: ${response.body}`);
    return response;
  }

  async userId(username: string): Promise<string> {
    const users = (await this.call(`/users?username=${encodeURIComponent(username)}&exact=true`)).json<{ id: string }[]>();
    if (users.length !== 1 || !users[0]) throw new Error(`expected one user ${username}, found ${users.length}`);
    return users[0].id;
  }

  /** A client's representation, as the admin console shows it (attributes, authenticator, the secret Keycloak keeps). */
  async client(clientId: string): Promise<KeycloakClient> {
    const clients = (await this.call(`/clients?clientId=${encodeURIComponent(clientId)}`)).json<KeycloakClient[]>();
    if (clients.length !== 1 || !clients[0]) throw new Error(`expected one client ${clientId}, found ${clients.length}`);
    return clients[0];
  }

  /** Keycloak session ids (`sid`) of the person's live sessions. */
  async sessionIds(username: string): Promise<string[]> {
    const sessions = (await this.call(`/users/${await this.userId(username)}/sessions`)).json<{ id: string }[]>();
    return sessions.map((session) => session.id);
  }

  /** Ends every session of the person; Keycloak posts a logout token to each client's back-channel URL. */
  async logoutUser(username: string): Promise<void> {
    await this.call(`/users/${await this.userId(username)}/logout`, 'POST');
  }

  /** Saved events of these types since `since` (epoch ms), newest first. */
  async events(types: string[], since: number): Promise<KeycloakEvent[]> {
    const query = new URLSearchParams([...types.map((type) => ['type', type]), ['max', '1000']]);
    const events = (await this.call(`/events?${query}`)).json<KeycloakEvent[]>();
    return events.filter((event) => event.time >= since);
  }
}
