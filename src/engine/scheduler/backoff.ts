// Retry delays: exponential with full jitter (AWS Architecture Blog, "Exponential Backoff and
// Jitter"), so many calls failing together do not come back together.

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay exceeds this. */
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 20_000 };

/** Delay before retry number `retry` (1 = first retry): uniform in [0, min(max, base·2^(retry-1))). */
export function backoffDelay(retry: number, random: () => number, options: BackoffOptions = defaultBackoff): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(ceiling * Math.min(Math.max(random(), 0), 1));
}
