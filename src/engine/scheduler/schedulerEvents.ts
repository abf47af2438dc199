// What the scheduler reports while it works, so the trace and progress lines can show queueing,
// retries and rate limiting without reading scheduler internals.
import type { ModelError } from '../../llm/types.js';

interface EventBase {
  /** The caller's label for the call (e.g. the trace label), if it gave one. */
  label?: string;
  /** 1 for the first try; the attempt the event is about. */
  attempt: number;
}

export type SchedulerEvent =
  | (EventBase & { type: 'queued' })
  | (EventBase & { type: 'started' })
  /** Attempt `attempt` failed with a retryable error; the next try comes after `delayMs`. */
  | (EventBase & { type: 'retry'; delayMs: number; error: ModelError })
  | (EventBase & { type: 'succeeded' })
  | (EventBase & { type: 'failed'; error: unknown });

export interface SchedulerStats {
  /** Attempts in flight now. */
  running: number;
  /** Calls waiting for a slot (or for a Retry-After pause to end). */
  queued: number;
  /** Calls sleeping between a failed attempt and their next try. */
  backingOff: number;
  /** The effective concurrency now (lowered by rate limits, raised by successes). */
  limit: number;
  /** The most attempts ever in flight at once. */
  maxRunning: number;
  /** Retries made so far. */
  retries: number;
  /** Rate-limit (429) errors seen so far. */
  rateLimited: number;
}
