// 429s: a Retry-After pauses every call, the limit halves (once per window) and recovers as
// calls at the lower limit succeed.
import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../../src/engine/scheduler/callScheduler.js';
import { ModelError } from '../../../src/llm/types.js';
import { FakeClock, flush } from './fakeClock.js';
import { modelError, rejectionOf } from './modelErrors.js';

interface Start {
  task: number;
  attempt: number;
  at: number;
  inFlight: number;
  limit: number;
}

describe('CallScheduler rate limits', () => {
  it('starts nothing during a Retry-After pause, halves the limit, then recovers it', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 4, clock, random: () => 0 });
    const starts: Start[] = [];
    let inFlight = 0;
    const runs = Array.from({ length: 24 }, (_, task) => {
      let attempt = 0;
      return scheduler.run(async () => {
        attempt++;
        inFlight++;
        starts.push({ task, attempt, at: clock.now(), inFlight, limit: scheduler.stats().limit });
        try {
          if (task === 0 && attempt === 1) {
            await clock.sleep(50);
            throw modelError('rate_limit', 1000);
          }
          await clock.sleep(100);
          return task;
        } finally {
          inFlight--;
        }
      });
    });

    await clock.advance(60);
    expect(scheduler.stats()).toMatchObject({ limit: 2, rateLimited: 1, retries: 1, queued: 21 });
    await clock.advance(900); // t = 960: tasks 1-3 are done, the pause still holds
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 21 });

    expect(await clock.runUntilSettled(Promise.all(runs), 10)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const later = starts.filter((s) => s.at > 0);
    expect(Math.min(...later.map((s) => s.at))).toBe(1050);
    expect(later[0]).toMatchObject({ task: 0, attempt: 2 }); // the rate-limited call keeps its place
    for (const s of later) expect(s.inFlight).toBeLessThanOrEqual(s.limit);
    expect(later[0]?.limit).toBe(2);
    expect(Math.max(...later.map((s) => s.limit))).toBe(4);
    expect(scheduler.stats()).toMatchObject({ limit: 4, rateLimited: 1, retries: 1, running: 0, queued: 0 });
  });

  it('halves once when every call in flight is rate limited together', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 8, clock });
    const runs = Array.from({ length: 8 }, () => {
      let attempt = 0;
      return scheduler.run(async () => {
        if (++attempt === 1) throw modelError('rate_limit', 100);
        return attempt;
      });
    });
    await flush();
    expect(scheduler.stats()).toMatchObject({ limit: 4, rateLimited: 8, retries: 8 });
    expect(await clock.runUntilSettled(Promise.all(runs))).toEqual(Array(8).fill(2));
  });

  it('backs off alone (no global pause) when a 429 carries no Retry-After', async () => {
    const clock = new FakeClock();
    const delays: number[] = [];
    const scheduler = new CallScheduler({
      concurrency: 4,
      clock,
      random: () => 0.5,
      backoff: { baseMs: 500, maxMs: 10_000 },
      onEvent: (e) => e.type === 'retry' && delays.push(e.delayMs),
    });
    const startedAt: Record<string, number[]> = { a: [], b: [] };
    let first = true;
    const a = scheduler.run(async () => {
      startedAt.a?.push(clock.now());
      if (first) {
        first = false;
        throw modelError('rate_limit');
      }
    });
    const b = scheduler.run(async () => void startedAt.b?.push(clock.now()));
    await clock.runUntilSettled(Promise.all([a, b]), 50);
    expect(delays).toEqual([250]);
    expect(startedAt).toEqual({ a: [0, 250], b: [0] });
    expect(scheduler.stats().limit).toBe(2);
  });

  it('fails at once when Retry-After asks for longer than maxRetryAfterMs, without pausing others', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 2, clock, maxRetryAfterMs: 60_000 });
    const error = await rejectionOf(scheduler.run(() => Promise.reject(modelError('rate_limit', 3_600_000))));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'rate_limit' });
    expect(scheduler.stats()).toMatchObject({ retries: 0, rateLimited: 1, limit: 1 });
    await expect(scheduler.run(async () => 'next')).resolves.toBe('next'); // no pause to wait out
    expect(clock.now()).toBe(0);
  });
});
