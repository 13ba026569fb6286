/**
 * A browser's cookie jar for one origin, enough for this app: it honours Max-Age and Expires
 * (the freshness marker's expiry is what makes proxy.ts run, so a jar that ignored it would
 * never exercise refresh-ahead) and deletions. Every cookie the app sets has Path=/.
 */
export class BrowserJar {
  private readonly cookies = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  store(response: Response): void {
    const receivedAt = this.now();
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      let expiresAt = Number.POSITIVE_INFINITY;
      for (const attribute of attributes) {
        const [key = '', raw = ''] = attribute.split('=').map((part) => part.trim());
        // RFC 6265 5.3 step 3: Max-Age wins over Expires.
        if (/^max-age$/i.test(key)) {
          expiresAt = receivedAt + Number(raw) * 1000;
          break;
        }
        if (/^expires$/i.test(key)) expiresAt = Date.parse(raw);
      }
      if (value === '' || !(expiresAt > receivedAt)) this.cookies.delete(name);
      else this.cookies.set(name, { value, expiresAt });
    }
  }

  header(): string {
    const now = this.now();
    const pairs: string[] = [];
    for (const [name, cookie] of this.cookies) {
      if (cookie.expiresAt <= now) this.cookies.delete(name);
      else pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.join('; ');
  }

  has(name: string): boolean {
    const cookie = this.cookies.get(name);
    return cookie !== undefined && cookie.expiresAt > this.now();
  }
}
