// Cancellation: queued calls leave the queue, running calls see their signal abort, calls
// backing off stop sleeping; the promise rejects as "cancelled" at once (no clock time passes)
// and the scheduler stays usable.
import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../../src/engine/scheduler/callScheduler.js';
import type { SchedulerEvent } from '../../../src/engine/scheduler/schedulerEvents.js';
import { ModelError } from '../../../src/llm/types.js';
import { Deferred, FakeClock, flush } from './fakeClock.js';
import { modelError, rejectionOf } from './modelErrors.js';

/**
 * Aborts `controller` and returns how `promise` settled. "At once" means within the callbacks the
 * abort starts: one macrotask later, with no fake time passing, it must have settled.
 */
async function abortAndSettle(controller: AbortController, promise: Promise<unknown>): Promise<{ error: unknown }> {
  let outcome: { error: unknown } | undefined;
  rejectionOf(promise).then((error) => (outcome = { error }));
  controller.abort();
  await flush();
  if (!outcome) throw new Error('the call did not settle at once after abort');
  return outcome;
}

describe('CallScheduler cancellation', () => {
  it('rejects at once, without running the task, when the signal is already aborted', async () => {
    const events: SchedulerEvent[] = [];
    const scheduler = new CallScheduler({ clock: new FakeClock(), onEvent: (e) => events.push(e) });
    let ran = false;
    const error = await rejectionOf(scheduler.run(async () => (ran = true), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(ran).toBe(false);
    expect(events).toEqual([]);
  });

  it('takes a queued call out of the queue promptly', async () => {
    const scheduler = new CallScheduler({ concurrency: 1, clock: new FakeClock() });
    const gate = new Deferred<string>();
    const first = scheduler.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const queued = scheduler.run(async () => (ran = true), { signal: controller.signal, label: 'queued call' });
    const third = scheduler.run(async () => 'third');
    await flush();
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 2 });

    const { error } = await abortAndSettle(controller, queued);
    expect(error).toMatchObject({ kind: 'cancelled', message: 'The call "queued call" was cancelled.' });
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1 });

    gate.resolve('first');
    await expect(first).resolves.toBe('first');
    await expect(third).resolves.toBe('third');
    expect(ran).toBe(false);
  });

  it("aborts a running call's signal and frees its slot promptly, even if the task ignores the signal", async () => {
    const scheduler = new CallScheduler({ concurrency: 1, clock: new FakeClock() });
    const controller = new AbortController();
    let taskSignal: AbortSignal | undefined;
    const running = scheduler.run(
      (signal) => {
        taskSignal = signal;
        return new Promise<never>(() => undefined);
      },
      { signal: controller.signal },
    );
    const next = scheduler.run(async () => 'next');
    await flush();
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1 });

    const { error } = await abortAndSettle(controller, running);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(taskSignal?.aborted).toBe(true);
    await expect(next).resolves.toBe('next');
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('reports "cancelled" even when the task rejects with its own error on abort', async () => {
    const scheduler = new CallScheduler({ clock: new FakeClock() });
    const controller = new AbortController();
    const running = scheduler.run(
      (signal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(modelError('network')))),
      {
        signal: controller.signal,
      },
    );
    await flush();
    const { error } = await abortAndSettle(controller, running);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(scheduler.stats().retries).toBe(0);
  });

  it('stops a call that is backing off before a retry', async () => {
    const clock = new FakeClock();
    const events: SchedulerEvent[] = [];
    const scheduler = new CallScheduler({
      clock,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 1000 },
      timeoutMs: Infinity,
      onEvent: (e) => events.push(e),
    });
    const controller = new AbortController();
    let attempts = 0;
    const call = scheduler.run(
      async () => {
        attempts++;
        throw modelError('server');
      },
      { signal: controller.signal },
    );
    await clock.advance(100);
    expect(scheduler.stats()).toMatchObject({ backingOff: 1, running: 0 });
    const { error } = await abortAndSettle(controller, call);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(attempts).toBe(1);
    expect(clock.pending()).toEqual([]); // the backoff timer is gone
    expect(scheduler.stats()).toMatchObject({ backingOff: 0, running: 0, queued: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { kind: 'cancelled' } });
  });

  it('lets calls waiting out a Retry-After pause leave, and the rest run after it', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 2, clock });
    let first = true;
    const limited = scheduler.run(async () => {
      if (first) {
        first = false;
        throw modelError('rate_limit', 5000);
      }
      return clock.now();
    });
    await flush(); // the 429 has paused the scheduler
    const controller = new AbortController();
    const waiting = scheduler.run(async () => 'never', { signal: controller.signal });
    await flush();
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 2 });
    const { error } = await abortAndSettle(controller, waiting);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(scheduler.stats()).toMatchObject({ queued: 1 });
    await expect(clock.runUntilSettled(limited, 500)).resolves.toBe(5000);
    expect(clock.pending()).toEqual([]);
  });
});
