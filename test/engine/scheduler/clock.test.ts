// The default clock on real timers: sleeps end, and an abort ends them early with its reason.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/engine/scheduler/clock.js';
import { CallScheduler } from '../../../src/engine/scheduler/callScheduler.js';

describe('systemClock', () => {
  it('resolves a sleep', async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
  });

  it('rejects with the reason when aborted, before or during the sleep', async () => {
    const reason = new Error('stop');
    await expect(systemClock.sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it('drives a scheduler with default options', async () => {
    const scheduler = new CallScheduler({ concurrency: 2 });
    const results = await Promise.all([1, 2, 3].map((n) => scheduler.run(async () => n * 2)));
    expect(results).toEqual([2, 4, 6]);
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, maxRunning: 2 });
  });
});
