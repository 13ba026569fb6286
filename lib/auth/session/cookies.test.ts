import { describe, expect, it } from 'vitest';
import { requestCookies } from '../../../test/kit/request-cookies';
import { CHUNK_SIZE, MAX_CHUNKS, chunkNames, cookieOptions, readChunks, writeChunks } from './cookies';

const options = cookieOptions(false, 600);

function toJar(writes: { name: string; value: string; options: { maxAge: number } }[]) {
  return requestCookies(Object.fromEntries(writes.filter((write) => write.options.maxAge > 0).map((write) => [write.name, write.value])));
}

describe('chunked cookies', () => {
  it('splits a large value into chunks under the per-cookie limit and reads it back', () => {
    const value = 'x'.repeat(CHUNK_SIZE * 2 + 17);
    const writes = writeChunks('app_session', value, [], options);
    expect(writes?.map((write) => write.name)).toEqual(['app_session', 'app_session.1', 'app_session.2']);
    for (const write of writes ?? []) expect(write.name.length + write.value.length).toBeLessThan(4096);
    expect(readChunks(toJar(writes ?? []), 'app_session')).toBe(value);
  });

  it('deletes chunks left over from a longer previous value', () => {
    const existing = ['app_session', 'app_session.1', 'app_session.2'];
    const writes = writeChunks('app_session', 'short', existing, options) ?? [];
    expect(writes.map((write) => [write.name, write.options.maxAge])).toEqual([
      ['app_session', 600],
      ['app_session.1', 0],
      ['app_session.2', 0],
    ]);
  });

  it(`refuses a value that needs more than ${MAX_CHUNKS} chunks`, () => {
    expect(writeChunks('app_session', 'x'.repeat(CHUNK_SIZE * MAX_CHUNKS + 1), [], options)).toBeUndefined();
  });

  it('reads nothing without the first chunk, and stops at a gap', () => {
    expect(readChunks(requestCookies({ 'app_session.1': 'b' }), 'app_session')).toBeUndefined();
    expect(readChunks(requestCookies({ app_session: 'a', 'app_session.2': 'c' }), 'app_session')).toBe('a');
  });

  it('finds only its own chunk names', () => {
    expect(chunkNames(requestCookies({ app_session: 'a', 'app_session.1': 'b', app_session_fresh: '1', 'app_sessionX.1': 'c', other: 'd' }), 'app_session')).toEqual(['app_session', 'app_session.1']);
  });

  it('sets HttpOnly, SameSite=Lax, Path=/ always, and Secure when asked', () => {
    expect(cookieOptions(true, 10)).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 10 });
    expect(cookieOptions(false, -5).maxAge).toBe(0);
  });
});
