// AIMD: halve once per window of rate limits, add one per window of successes, stay in [1, max].
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../../src/engine/scheduler/adaptiveLimit.js';

describe('AdaptiveLimit', () => {
  it('halves on a rate limit, down to 1', () => {
    const limit = new AdaptiveLimit(8);
    for (const expected of [4, 2, 1, 1]) {
      limit.onRateLimit(limit.epoch);
      expect(limit.current).toBe(expected);
    }
  });

  it('halves once for rate limits of calls that started before the last decrease', () => {
    const limit = new AdaptiveLimit(8);
    const startedAt = limit.epoch;
    limit.onRateLimit(startedAt);
    limit.onRateLimit(startedAt);
    limit.onRateLimit(startedAt);
    expect(limit.current).toBe(4);
    limit.onRateLimit(limit.epoch);
    expect(limit.current).toBe(2);
  });

  it('adds one after as many successes as the current limit, up to the maximum', () => {
    const limit = new AdaptiveLimit(4);
    limit.onRateLimit(limit.epoch);
    limit.onRateLimit(limit.epoch);
    expect(limit.current).toBe(1);
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      limit.onSuccess(limit.epoch);
      seen.push(limit.current);
    }
    expect(seen).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('a rate limit resets the success streak', () => {
    const limit = new AdaptiveLimit(8);
    limit.onRateLimit(limit.epoch); // 4
    limit.onSuccess(limit.epoch);
    limit.onSuccess(limit.epoch);
    limit.onSuccess(limit.epoch);
    limit.onRateLimit(limit.epoch); // 2, streak reset
    limit.onSuccess(limit.epoch);
    expect(limit.current).toBe(2);
    limit.onSuccess(limit.epoch);
    expect(limit.current).toBe(3);
  });

  it('ignores successes of calls that started before the last decrease', () => {
    const limit = new AdaptiveLimit(8);
    const before = limit.epoch;
    limit.onRateLimit(before);
    for (let i = 0; i < 10; i++) limit.onSuccess(before);
    expect(limit.current).toBe(4);
  });

  it('rejects a limit below 1', () => {
    expect(() => new AdaptiveLimit(0)).toThrow(RangeError);
    expect(() => new AdaptiveLimit(2.5)).toThrow(RangeError);
  });
});
