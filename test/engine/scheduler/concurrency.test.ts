// The global limit: reached, never exceeded, calls start in submission order, stats tell the truth.
import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../../src/engine/scheduler/callScheduler.js';
import { Deferred, FakeClock, flush } from './fakeClock.js';

describe('CallScheduler concurrency', () => {
  it('reaches and never exceeds the limit with 50 tasks', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 8, clock });
    let inFlight = 0;
    let maxInFlight = 0;
    const results = Array.from({ length: 50 }, (_, i) =>
      scheduler.run(async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await clock.sleep(10 + (i % 7) * 3);
        inFlight--;
        return i;
      }),
    );
    const all = await clock.runUntilSettled(Promise.all(results), 5);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(maxInFlight).toBe(8);
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, maxRunning: 8, limit: 8, retries: 0 });
  });

  it('defaults to a limit of 8', async () => {
    const scheduler = new CallScheduler({ clock: new FakeClock() });
    const gate = new Deferred();
    const runs = Array.from({ length: 20 }, () => scheduler.run(() => gate.promise));
    await flush();
    expect(scheduler.stats()).toMatchObject({ running: 8, queued: 12, limit: 8 });
    gate.resolve();
    await Promise.all(runs);
  });

  it('starts tasks in submission order', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 3, clock });
    const started: number[] = [];
    const runs = Array.from({ length: 20 }, (_, i) =>
      scheduler.run(async () => {
        started.push(i);
        await clock.sleep(i % 2 === 0 ? 5 : 17);
      }),
    );
    await clock.runUntilSettled(Promise.all(runs), 1);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('reports running and queued calls as they change', async () => {
    const scheduler = new CallScheduler({ concurrency: 2, clock: new FakeClock() });
    const gates = [new Deferred(), new Deferred(), new Deferred()];
    const runs = gates.map((g) => scheduler.run(() => g.promise));
    await flush();
    expect(scheduler.stats()).toEqual({ running: 2, queued: 1, backingOff: 0, limit: 2, maxRunning: 2, retries: 0, rateLimited: 0 });
    gates[0]?.resolve();
    await flush();
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 0 });
    gates[1]?.resolve();
    gates[2]?.resolve();
    await Promise.all(runs);
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, maxRunning: 2 });
  });

  it('passes results and non-model errors through unchanged', async () => {
    const scheduler = new CallScheduler({ clock: new FakeClock() });
    await expect(scheduler.run(async () => 'ok')).resolves.toBe('ok');
    const bug = new TypeError('boom');
    await expect(scheduler.run(async () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(
      scheduler.run(() => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(scheduler.stats()).toMatchObject({ running: 0, retries: 0 });
  });

  it('emits queued, started and succeeded events with label and attempt', async () => {
    const events: string[] = [];
    const scheduler = new CallScheduler({ clock: new FakeClock(), onEvent: (e) => events.push(`${e.type}:${e.label}:${e.attempt}`) });
    await scheduler.run(async () => 1, { label: 'llm #1' });
    expect(events).toEqual(['queued:llm #1:1', 'started:llm #1:1', 'succeeded:llm #1:1']);
  });

  it('survives an observer that throws', async () => {
    const scheduler = new CallScheduler({
      clock: new FakeClock(),
      onEvent: () => {
        throw new Error('observer bug');
      },
    });
    await expect(scheduler.run(async () => 'fine')).resolves.toBe('fine');
  });
});
