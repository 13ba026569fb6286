import { z } from 'zod';
import { isLoopbackHost } from '../auth/http';

/**
 * Which token goes with a call. The APIs themselves are the app's data (app/api-table.ts): the
 * product only knows how to get each kind of token and where it may go.
 */
export type TokenSource =
  /** The signed-in person's own access token, as issued at sign-in. */
  | { kind: 'user' }
  /** The person's token exchanged for one meant for another audience (RFC 8693). */
  | { kind: 'exchange'; audience: string; scope: string }
  /** The app's own token, no person (client credentials, RFC 6749 4.4). */
  | { kind: 'service'; resource: string; scope: string };

export interface DownstreamApi {
  /** A path on the table's base URL. */
  path: string;
  token: TokenSource;
}

export interface ApiTable<Name extends string = string> {
  /** Where the APIs live; undefined means not configured here (their routes answer 503). */
  baseUrl: string | undefined;
  /**
   * The provider (its id in the app's configuration) whose tokens these APIs accept. A person's
   * token goes only to an API that trusts its issuer: a Google access token sent to these APIs
   * would hand them a credential for Google's own (RFC 9700 2.3, audience restriction).
   */
  acceptsTokensOf: string;
  apis: Record<Name, DownstreamApi>;
}

/** https, or http on a loopback host: a bearer token never travels in clear off this machine. */
const BaseUrl = z
  .url()
  .refine((value) => new URL(value).protocol === 'https:' || isLoopbackHost(new URL(value).hostname), 'must be https (http only for loopback)')
  .transform((value) => value.replace(/\/+$/, ''));

/** Checks the table once, when the app defines it, and reads a blank base URL as "not configured". */
export function defineApiTable<Name extends string>(table: ApiTable<Name>): ApiTable<Name> {
  const baseUrl = table.baseUrl?.trim() ? BaseUrl.parse(table.baseUrl.trim()) : undefined;
  return { ...table, baseUrl };
}
