import 'server-only';
import { NextResponse } from 'next/server';
import type { Env } from '../env';
import { applyCookieWrites, type CookieWrite } from './cookies';
import type { AuthErrorCode } from './errors';

/**
 * Auth responses carry cookies and personal data: no cache may keep them (RFC 9111 5.2.2.5),
 * and a shared cache must key them by cookie.
 */
export function noStore<T extends Response>(response: T): T {
  response.headers.set('Cache-Control', 'no-store');
  response.headers.set('Vary', 'Cookie');
  return response;
}

/** 303 makes the browser follow with GET whatever the method was (RFC 9110 15.4.4). */
export function redirectResponse(location: string | URL, writes: CookieWrite[] = []): NextResponse {
  const response = noStore(NextResponse.redirect(location, 303));
  applyCookieWrites(response.cookies, writes);
  return response;
}

/** Absolute URLs come from APP_URL, never from the request (its Host is not ours to trust). */
export function appUrl(env: Env, path: string): string {
  return `${env.APP_URL}${path}`;
}

export function errorRedirect(env: Env, code: AuthErrorCode, writes: CookieWrite[] = []): NextResponse {
  return redirectResponse(appUrl(env, `/auth/error?code=${code}`), writes);
}

export function jsonResponse(body: unknown, status: number, writes: CookieWrite[] = []): NextResponse {
  const response = noStore(NextResponse.json(body, { status }));
  applyCookieWrites(response.cookies, writes);
  return response;
}
