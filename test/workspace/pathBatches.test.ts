// Lists of files handed to ripgrep are cut by characters, so no command line passes the OS cap.
import { describe, expect, it } from 'vitest';
import { pathBatches } from '../../src/workspace/ripgrep.js';

describe('pathBatches', () => {
  it('keeps every path once, in order, each run within the budget', () => {
    const paths = Array.from({ length: 50 }, (_, i) => `/home/dev/project/src/module${i}/index.ts`);
    const batches = pathBatches(paths, 200);
    expect(batches.flat()).toEqual(paths);
    for (const batch of batches) expect(batch.reduce((sum, path) => sum + path.length + 1, 0)).toBeLessThanOrEqual(200);
    expect(batches.length).toBeGreaterThan(1);
  });

  it('gives a path longer than the budget a run of its own, and nothing for no paths', () => {
    expect(pathBatches(['a', 'x'.repeat(30), 'b'], 10)).toEqual([['a'], ['x'.repeat(30)], ['b']]);
    expect(pathBatches([], 10)).toEqual([]);
  });
});
