/** Framework-free defences at the HTTP boundary: where to redirect, who may post, how much to read, which scripts run. */
export { CSRF_HEADER } from './csrf-header';
export { contentSecurityPolicy, isDocumentRequest, randomNonce, type PolicyOptions } from './csp';
export { readFormBody } from './form-body';
export { isLoopbackHost } from './loopback';
export { readCapped } from './read-capped';
export { MAX_RETURN_TO_LENGTH, safeReturnTo } from './return-to';
export { isSameOriginRequest } from './same-origin';
export { readStepUp, stepUpQuery } from './step-up';
