// Shared by the benchmarks: the median of several timed runs after one warm-up.
import { median } from './benchSupport.js';

/** Median milliseconds of `runs` calls of `fn`, after one call that warms the page cache and the code paths. */
export async function timeMedian(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}
