/** Calling APIs for the signed-in person: the app describes its APIs, the product gets the tokens. */
export { defineApiTable, type ApiTable, type DownstreamApi, type TokenSource } from './api-table';
export { callApiForSession } from './call-api';
export type { DownstreamResult } from './downstream';
