import { describe, expect, it } from 'vitest';
import { checkHealth } from './health';
import { MemoryStore, StoreUnavailableError } from './store/store';

describe('checkHealth', () => {
  it('is ok while the store answers, and the memory store always does', async () => {
    expect(await checkHealth(new MemoryStore())).toEqual({ status: 'ok' });
  });

  it('is degraded, naming only the store, when the store cannot answer in its bound', async () => {
    const down = { get: () => Promise.reject(new StoreUnavailableError('redis did not answer within 250 ms')) };
    expect(await checkHealth(down)).toEqual({ status: 'degraded', store: 'unavailable' });
  });

  it('recognises the error by name, as it may come from another bundle copy of the class', async () => {
    const error = Object.assign(new Error('redis: ECONNREFUSED 10.0.0.5:6379'), { name: 'StoreUnavailableError' });
    const health = await checkHealth({ get: () => Promise.reject(error) });
    // Never the error's text: it names hosts and ports.
    expect(JSON.stringify(health)).toBe('{"status":"degraded","store":"unavailable"}');
  });

  it('lets a programming error surface instead of reporting it as an outage', async () => {
    await expect(checkHealth({ get: () => Promise.reject(new TypeError('bug')) })).rejects.toThrow(TypeError);
  });
});
