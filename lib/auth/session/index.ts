/** Sealed-cookie state, without Next: what a session is, how it is sealed and carried in cookies. */
export * from './cookies';
export * from './lifetimes';
export * from './schema';
export type { SessionSnapshot } from './snapshot';
export { sealSession, unsealSession } from './sealed';
export { seal, unseal } from './seal';
export * from './session-cookies';
export { forgetSession, forgetSessionOfSid, isHandle } from './stored-sessions';
export * from './transaction';
