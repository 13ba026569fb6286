/** Configuration: the environment's schema, and the providers it configures. Production knows nothing of the demo. */
export { ConfigError, env, parseEnv, type Env } from './env';
export { GOOGLE_ISSUER, configuredProviders, findProvider, redirectUri, type ProviderConfig, type RoleSource } from './providers';
