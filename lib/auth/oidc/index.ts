/**
 * The only code that talks to OpenID Providers. openid-client is imported in this folder and
 * nowhere else (ESLint enforces it); the rest of the app speaks its own types: ProviderConfig in,
 * TokenResult / URL out, AuthError on failure.
 */
export { checkAccountPolicy } from './account-policy';
export { decodeJwtPayload, toSessionUser } from './claims';
export { providerKeys } from './configuration';
export { pollDeviceAuthorization, startDeviceAuthorization, type DeviceAuthorization } from './device';
export { fetchWithDPoP, newDPoPKey, type DPoPKey } from './dpop';
export { endSessionUrl, revokeRefreshToken } from './end-session';
export { classifyError, type ClassifiedError } from './errors';
export { authorizationRequest, clientCredentialsGrant, exchangeCode, exchangeToken, randomState, refreshGrant } from './grants';
export { validateLogoutToken } from './logout-token';
export type { AuthorizationRequest, ProviderEnv, StepUp, TokenResult } from './types';
