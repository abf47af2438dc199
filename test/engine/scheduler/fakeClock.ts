// A clock the test moves by hand: sleeps resolve only when advance() passes their time, in
// time order, with the promise chains they start run to quiescence in between.
import type { Clock } from '../../../src/engine/scheduler/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every duration ever asked of sleep(), in order. */
  readonly requested: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.requested.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Sleeps not yet due, as remaining milliseconds. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.resolve();
    }
    this.time = target;
    await flush();
  }

  /** Advances in steps until `promise` settles (or `limitMs` of fake time passes). */
  async runUntilSettled<T>(promise: Promise<T>, stepMs = 10, limitMs = 1_000_000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let spent = 0; !settled && spent < limitMs; spent += stepMs) await this.advance(stepMs);
    return promise;
  }
}

/**
 * A clock for runs the test does not drive step by step (real HTTP in between): every sleep ends
 * at the next macrotask and moves time on by its length. Pair it with `timeoutMs: Infinity`, or
 * the scheduler's per-attempt timeouts end at once too.
 */
export class InstantClock implements Clock {
  private time = 0;
  /** Every duration slept, in order. */
  readonly slept: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.slept.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      setImmediate(() => {
        if (signal?.aborted) return reject(signal.reason);
        this.time += Math.max(0, ms);
        resolve();
      });
    });
  }
}

/** Lets every pending promise callback run (a macrotask boundary drains all microtasks). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise settled from outside, for tasks the test finishes by hand. */
export class Deferred<T = void> {
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  readonly promise = new Promise<T>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
}
