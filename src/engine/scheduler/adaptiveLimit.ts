// The effective concurrency, adjusted AIMD-style like TCP congestion control: halve on a rate
// limit, add one after a window of successes, never above the configured maximum or below 1.

export class AdaptiveLimit {
  private value: number;
  private streak = 0;
  /** Bumped on every decrease; a call remembers the epoch it started in. */
  private decreases = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
    this.value = max;
  }

  get current(): number {
    return this.value;
  }

  get epoch(): number {
    return this.decreases;
  }

  /**
   * A call that started in `startEpoch` was rate limited. Calls already in flight when the
   * limit dropped were sent at the old rate, so their 429s do not halve it again (once per
   * window, as TCP reduces once per round trip).
   */
  onRateLimit(startEpoch: number): void {
    this.streak = 0;
    if (startEpoch !== this.decreases) return;
    this.value = Math.max(1, Math.floor(this.value / 2));
    this.decreases++;
  }

  /**
   * A call that started in `startEpoch` succeeded. Only calls sent at the current limit prove
   * it works; a window is as many of them as the limit (roughly one round of calls).
   */
  onSuccess(startEpoch: number): void {
    if (this.value >= this.max || startEpoch !== this.decreases) return;
    if (++this.streak >= this.value) {
      this.value++;
      this.streak = 0;
    }
  }
}
