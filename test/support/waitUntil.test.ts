import { describe, expect, it } from 'vitest';
import { waitUntil } from './waitUntil.js';

describe('waitUntil', () => {
  it('resolves once a sync or async condition holds', async () => {
    let checks = 0;
    await waitUntil(() => ++checks === 3, 'the third check', { everyMs: 1 });
    expect(checks).toBe(3);
    await waitUntil(() => Promise.resolve(true), 'at once');
  });

  it('throws after the timeout, naming what never happened', async () => {
    await expect(waitUntil(() => false, 'the server is idle', { timeoutMs: 30, everyMs: 5 })).rejects.toThrow(
      'timed out after 30 ms waiting until the server is idle',
    );
  });
});
