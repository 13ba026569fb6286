/**
 * The Content-Security-Policy of every HTML document (CSP Level 3). Scripts run only with this
 * response's nonce; 'strict-dynamic' lets those scripts load Next's chunks, and nothing else:
 * no host allow-list an attacker could find a gadget on, no 'unsafe-inline' for scripts.
 * https://www.w3.org/TR/CSP3/ and https://csp.withgoogle.com/docs/strict-csp.html
 */
export interface PolicyOptions {
  nonce: string;
  /** Where forms may go, besides this origin: the providers' origins (sign-out redirects there). */
  formActionOrigins: string[];
  /** `next dev` evaluates modules and talks to its dev server over a websocket. */
  development: boolean;
  /** On https, ask the browser to upgrade any stray http subresource. */
  https: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions): string {
  const directives = [
    `default-src 'self'`,
    `script-src 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? ` 'unsafe-eval'` : ''}`,
    // React and Next set style attributes; styles cannot run code, scripts are what matters here.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'${options.development ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
    // Chromium applies form-action to the redirects after a form post: sign-out is a form
    // whose 303 goes to the provider's end_session_endpoint.
    `form-action 'self'${[...new Set(options.formActionOrigins)].map((origin) => ` ${origin}`).join('')}`,
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** 128 random bits, base64 (CSP3 nonce-source is base64-value). */
export function randomNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * A request for an HTML document: what browsers say in Sec-Fetch-Dest, or, from a browser that
 * does not send Fetch Metadata, an Accept that asks for HTML. RSC, prefetch, data and asset
 * requests are neither, and never pay for a nonce.
 */
export function isDocumentRequest(headers: Headers): boolean {
  const destination = headers.get('sec-fetch-dest');
  if (destination !== null) return destination === 'document';
  return /text\/html/i.test(headers.get('accept') ?? '');
}
