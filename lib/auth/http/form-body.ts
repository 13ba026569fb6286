import 'server-only';
import { readCapped } from './read-capped';

/**
 * The form body of a POST that anyone can send before we know who they are (sign-out,
 * back-channel logout), read through the capped reader: a declared Content-Length over the cap
 * is refused before reading, a body that grows past it is cut off. Either answers 413.
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<URLSearchParams | 'too_large'> {
  const bytes = await readCapped(request, maxBytes);
  if (!bytes) return 'too_large';
  // Only urlencoded forms carry what these routes read; anything else reads as an empty form.
  const type = request.headers.get('content-type') ?? '';
  return /^application\/x-www-form-urlencoded\b/i.test(type) ? new URLSearchParams(bytes.toString('utf8')) : new URLSearchParams();
}
