/** A session over time: made at sign-in, kept fresh (refresh, idle push), and ended (revocation). */
export { ensureFreshSession, type Freshness } from './freshness';
export { GRACE_SECONDS, RETRY_AFTER_SECONDS, refreshKey, refreshSession, type RefreshOutcome } from './refresh';
export { readSession, type SessionState } from './request-session';
export { isEnded, recordEnded, type Ended } from './revocation-list';
export { newSession, newSessionId, refreshedSession, tokenTimes } from './tokens';
export { meetsRecency, type Recency } from './step-up';
