// Full jitter: uniform below an exponentially growing, capped ceiling.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/engine/scheduler/backoff.js';

const options = { baseMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('grows exponentially under the cap', () => {
    const top = () => 0.9999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, top, options))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('scales the ceiling by the random draw (full jitter)', () => {
    expect(backoffDelay(3, () => 0, options)).toBe(0);
    expect(backoffDelay(3, () => 0.5, options)).toBe(200);
  });

  it('keeps a misbehaving random source inside the bounds', () => {
    expect(backoffDelay(1, () => 7, options)).toBe(100);
    expect(backoffDelay(1, () => -1, options)).toBe(0);
  });
});
