/**
 * Looks for any token the provider issued in what the app sends a browser. A BFF's browser must
 * never see one: not in HTML, JSON, a header, or a Set-Cookie value outside the sealed session.
 *
 * A JWT is indexed by its payload and signature (each unique to that token), an opaque token
 * whole, so a partial leak (a payload pasted into a page) is caught too. Candidates in a text are
 * runs of base64url characters, looked up in a set: linear in the text, whatever the number of tokens.
 */
const MIN_FRAGMENT = 20;
const CANDIDATE = /[A-Za-z0-9_-]{20,}/g;

export class TokenScanner {
  private readonly fragments = new Set<string>();
  private indexed = 0;

  constructor(private readonly issued: Set<string>) {}

  /** The issued tokens found in `text`, as short labels (never the token itself, which stays out of reports). */
  find(text: string): string[] {
    this.sync();
    const found: string[] = [];
    for (const match of text.matchAll(CANDIDATE)) if (this.fragments.has(match[0])) found.push(`${match[0].slice(0, 6)}…(${match[0].length} chars)`);
    return found;
  }

  /** Indexes tokens issued since the last call (a Set iterates in insertion order). */
  private sync(): void {
    if (this.issued.size === this.indexed) return;
    let position = 0;
    for (const token of this.issued) {
      if (position++ < this.indexed) continue;
      const parts = token.split('.');
      for (const part of parts.length === 3 ? parts.slice(1) : [token]) if (part.length >= MIN_FRAGMENT) this.fragments.add(part);
    }
    this.indexed = this.issued.size;
  }
}
