/** Configuration: the environment's schema, and the providers it configures. Production knows nothing of the demo. */
export { jwkThumbprint, type ClientKey } from './client-keys';
export { ConfigError, env, parseEnv, type Env } from './env';
export { GOOGLE_ISSUER, configuredProviders, findProvider, redirectUri, type ClientAuthMethod, type IdTokenAlg, type ProviderConfig } from './providers';
