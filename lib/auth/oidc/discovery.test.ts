import { describe, expect, it } from 'vitest';
import { discoveryBackoffMs } from './configuration';

describe('discovery backoff', () => {
  it('doubles from one second and stops at a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(discoveryBackoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });
});
