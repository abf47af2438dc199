// Retries with jittered exponential backoff on transient errors, none on permanent ones, and
// a per-attempt timeout that aborts the task's signal and counts as a retryable timeout.
import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../../src/engine/scheduler/callScheduler.js';
import type { SchedulerEvent } from '../../../src/engine/scheduler/schedulerEvents.js';
import type { ModelErrorKind } from '../../../src/llm/types.js';
import { FakeClock } from './fakeClock.js';
import { modelError, rejectionOf } from './modelErrors.js';

function recorder(): { events: SchedulerEvent[]; onEvent: (e: SchedulerEvent) => void } {
  const events: SchedulerEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

describe('CallScheduler retries', () => {
  it('resolves a task that fails twice with a server error, then succeeds', async () => {
    const clock = new FakeClock();
    const { events, onEvent } = recorder();
    const scheduler = new CallScheduler({ clock, random: () => 0.5, onEvent });
    let attempts = 0;
    const result = scheduler.run(
      async () => {
        if (++attempts < 3) throw modelError('server');
        return 'answer';
      },
      { label: 'llm #7' },
    );
    await expect(clock.runUntilSettled(result)).resolves.toBe('answer');
    expect(attempts).toBe(3);
    expect(events.map((e) => `${e.type}:${e.attempt}`)).toEqual([
      'queued:1',
      'started:1',
      'retry:1',
      'started:2',
      'retry:2',
      'started:3',
      'succeeded:3',
    ]);
    expect(events.every((e) => e.label === 'llm #7')).toBe(true);
    expect(scheduler.stats()).toMatchObject({ retries: 2, rateLimited: 0, running: 0, backingOff: 0 });
  });

  it.each<ModelErrorKind>(['auth', 'bad_request', 'malformed', 'cancelled'])('fails at once on %s', async (kind) => {
    const { events, onEvent } = recorder();
    const scheduler = new CallScheduler({ clock: new FakeClock(), onEvent });
    let attempts = 0;
    const error = await rejectionOf(
      scheduler.run(async () => {
        attempts++;
        throw modelError(kind);
      }),
    );
    expect(error).toMatchObject({ kind });
    expect(attempts).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['queued', 'started', 'failed']);
    expect(scheduler.stats().retries).toBe(0);
  });

  it.each([
    [undefined, 4],
    [2, 2],
    [1, 1],
  ])('with maxAttempts %s gives up after %i attempts', async (maxAttempts, expected) => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ clock, random: () => 0.5, ...(maxAttempts !== undefined ? { maxAttempts } : {}) });
    let attempts = 0;
    const error = await rejectionOf(
      clock.runUntilSettled(
        scheduler.run(async () => {
          attempts++;
          throw modelError('network');
        }),
      ),
    );
    expect(error).toMatchObject({ kind: 'network' });
    expect(attempts).toBe(expected);
    expect(scheduler.stats()).toMatchObject({ retries: expected - 1, running: 0 });
  });

  it('waits exponentially longer before each retry, capped, scaled by the jitter draw', async () => {
    const clock = new FakeClock();
    const { events, onEvent } = recorder();
    const scheduler = new CallScheduler({
      clock,
      random: () => 0.5,
      backoff: { baseMs: 100, maxMs: 1000 },
      maxAttempts: 7,
      timeoutMs: Infinity,
      onEvent,
    });
    const startedAt: number[] = [];
    await rejectionOf(
      clock.runUntilSettled(
        scheduler.run(async () => {
          startedAt.push(clock.now());
          throw modelError('server');
        }),
        5,
      ),
    );
    const delays = events.flatMap((e) => (e.type === 'retry' ? [e.delayMs] : []));
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    expect(clock.requested).toEqual(delays); // the scheduler slept exactly those, nothing else
    expect(startedAt).toEqual([0, 50, 150, 350, 750, 1250, 1750]);
  });
});

describe('CallScheduler timeouts', () => {
  it("aborts the task's signal with a timeout error and retries", async () => {
    const clock = new FakeClock();
    const { events, onEvent } = recorder();
    const scheduler = new CallScheduler({ clock, random: () => 0, timeoutMs: 1000, onEvent });
    const signals: AbortSignal[] = [];
    const result = scheduler.run((signal) => {
      signals.push(signal);
      if (signals.length > 1) return Promise.resolve('second try');
      return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by signal'))));
    });
    await clock.advance(999);
    expect(signals[0]?.aborted).toBe(false);
    await clock.advance(1);
    await expect(result).resolves.toBe('second try');
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ name: 'ModelError', kind: 'timeout' });
    expect(signals[1]?.aborted).toBe(false);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ attempt: 1, error: { kind: 'timeout' } });
  });

  it('times out a task that ignores its signal, and frees its slot', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ concurrency: 1, clock, random: () => 0, timeoutMs: 1000, maxAttempts: 2 });
    const stuck = rejectionOf(scheduler.run(() => new Promise<never>(() => undefined), { label: 'stuck' }));
    const next = scheduler.run(async () => clock.now());
    const error = await clock.runUntilSettled(stuck, 100);
    expect(error).toMatchObject({ kind: 'timeout', message: 'The call "stuck" took longer than 1 s and was stopped.' });
    expect(clock.now()).toBe(2000);
    await expect(next).resolves.toBe(1000); // ran between the two attempts, in submission order
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, retries: 1 });
  });

  it('lets a call set its own timeout', async () => {
    const clock = new FakeClock();
    const scheduler = new CallScheduler({ clock, timeoutMs: 120_000, maxAttempts: 1 });
    const error = rejectionOf(scheduler.run(() => new Promise<never>(() => undefined), { timeoutMs: 50 }));
    await clock.advance(50);
    await expect(error).resolves.toMatchObject({ kind: 'timeout' });
  });
});
