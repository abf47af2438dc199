// One scheduler for every model call of a run's whole call tree: a global concurrency limit
// that backs off on rate limits (AIMD), honours Retry-After for everyone, retries transient
// failures with jittered backoff, times calls out and cancels promptly.
import { ModelError } from '../../llm/types.js';
import type { Scheduler } from '../engineContext.js';
import { AdaptiveLimit } from './adaptiveLimit.js';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { runAttempt } from './attempt.js';
import { cancelledError } from './errors.js';
import type { SchedulerEvent, SchedulerStats } from './schedulerEvents.js';

export interface CallSchedulerOptions {
  /** Most calls in flight at once, across the whole call tree. Default 8. */
  concurrency?: number;
  /** Tries per call, the first included. Default 4. */
  maxAttempts?: number;
  /** Per-attempt timeout; Infinity for none. Default 120 s. */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** A Retry-After longer than this (a quota, not a blip) fails the call instead of waiting. Default 60 s. */
  maxRetryAfterMs?: number;
  clock?: Clock;
  /** In [0, 1); jitter source. Default Math.random. */
  random?: () => number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  label?: string;
  /** Told about each retry of this call (for its trace node). */
  onRetry?: (attempt: number, delayMs: number, error: ModelError) => void;
}

interface Waiter {
  seq: number;
  start(): void;
}

export class CallScheduler implements Scheduler {
  private readonly limit: AdaptiveLimit;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly maxRetryAfterMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly onEvent: ((event: SchedulerEvent) => void) | undefined;

  /** Ordered by submission; a retry keeps its place, so earlier calls go first. */
  private readonly queue: Waiter[] = [];
  private nextSeq = 0;
  private running = 0;
  private backingOff = 0;
  private maxRunning = 0;
  private retries = 0;
  private rateLimited = 0;
  /** No attempt starts before this time (the provider's Retry-After). */
  private pausedUntil = 0;
  private wake: AbortController | undefined;

  constructor(options: CallSchedulerOptions = {}) {
    this.limit = new AdaptiveLimit(options.concurrency ?? 8);
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent;
  }

  stats(): SchedulerStats {
    return {
      running: this.running,
      queued: this.queue.length,
      backingOff: this.backingOff,
      limit: this.limit.current,
      maxRunning: this.maxRunning,
      retries: this.retries,
      rateLimited: this.rateLimited,
    };
  }

  async run<T>(task: (signal: AbortSignal) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const { signal, label } = options;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    if (signal?.aborted) throw cancelledError(label);
    const seq = this.nextSeq++;
    this.emit({ type: 'queued', label, attempt: 1 });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.acquire(seq, signal, label);
      } catch (e) {
        this.emit({ type: 'failed', label, attempt, error: e });
        throw e;
      }
      const epoch = this.limit.epoch;
      this.emit({ type: 'started', label, attempt });
      let error: unknown;
      try {
        const value = await runAttempt(task, { clock: this.clock, signal, timeoutMs, label });
        this.limit.onSuccess(epoch);
        this.release();
        this.emit({ type: 'succeeded', label, attempt });
        return value;
      } catch (e) {
        error = e;
      }
      const delayMs = this.retryDelay(error, attempt, epoch);
      this.release();
      if (delayMs === undefined || !(error instanceof ModelError)) {
        this.emit({ type: 'failed', label, attempt, error });
        throw error;
      }
      this.retries++;
      this.emit({ type: 'retry', label, attempt, delayMs, error });
      try {
        options.onRetry?.(attempt, delayMs, error);
      } catch {
        // An observer's bug must not break scheduling.
      }
      if (delayMs > 0) await this.backOff(delayMs, signal, label, attempt);
    }
  }

  /**
   * How long to wait before retrying, or undefined to fail now. Rate limits lower the limit
   * and a Retry-After pauses every call (the provider said stop), so its wait is the pause.
   */
  private retryDelay(error: unknown, attempt: number, epoch: number): number | undefined {
    if (!(error instanceof ModelError) || !error.retryable) return undefined;
    if (error.kind === 'rate_limit') {
      this.rateLimited++;
      this.limit.onRateLimit(epoch);
    }
    if (attempt >= this.maxAttempts) return undefined;
    const retryAfter = error.kind === 'rate_limit' ? error.details.retryAfterMs : undefined;
    if (retryAfter === undefined) return backoffDelay(attempt, this.random, this.backoff);
    if (retryAfter > this.maxRetryAfterMs) return undefined;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(0, retryAfter));
    return 0;
  }

  private async backOff(delayMs: number, signal: AbortSignal | undefined, label: string | undefined, attempt: number): Promise<void> {
    this.backingOff++;
    try {
      await this.clock.sleep(delayMs, signal);
    } catch {
      const error = cancelledError(label);
      this.emit({ type: 'failed', label, attempt, error });
      throw error;
    } finally {
      this.backingOff--;
    }
  }

  /** Resolves when this call holds a slot; rejects (and leaves the queue) when `signal` aborts. */
  private acquire(seq: number, signal: AbortSignal | undefined, label: string | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelledError(label));
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(cancelledError(label));
        this.pump();
      };
      const waiter: Waiter = {
        seq,
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let index = this.queue.length;
      while (index > 0 && (this.queue[index - 1] as Waiter).seq > seq) index--;
      this.queue.splice(index, 0, waiter);
      this.pump();
    });
  }

  private release(): void {
    this.running--;
    this.pump();
  }

  /** Starts queued calls in order while there is room and no pause. */
  private pump(): void {
    while (this.queue.length > 0 && this.running < this.limit.current && !this.paused()) {
      const waiter = this.queue.shift() as Waiter;
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      waiter.start();
    }
    if (this.queue.length > 0 && this.paused()) this.armWake();
    else this.disarmWake();
  }

  private paused(): boolean {
    return this.clock.now() < this.pausedUntil;
  }

  /** One timer for the end of the pause; if the pause grew meanwhile, pump re-arms it. */
  private armWake(): void {
    if (this.wake) return;
    const wake = new AbortController();
    this.wake = wake;
    this.clock.sleep(this.pausedUntil - this.clock.now(), wake.signal).then(
      () => {
        if (this.wake === wake) this.wake = undefined;
        this.pump();
      },
      () => undefined,
    );
  }

  private disarmWake(): void {
    this.wake?.abort();
    this.wake = undefined;
  }

  private emit(event: SchedulerEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // An observer's bug must not break scheduling.
    }
  }
}
