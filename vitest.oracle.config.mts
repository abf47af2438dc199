// The oracle stage: our symbols scored against Python's `ast` over the machine's standard library
// and against the TypeScript compiler over src/, test/ and a fixed set of packages. The figures move
// with the Python version and dependency updates, so this is its own command (`npm run
// test:oracle`, a separate stage of .ci/run), not part of the unit suite. Each test prints its score.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.oracle.ts'],
    reporters: ['default', './test/summaryReporter.mts'],
    pool: 'forks',
    // A bound for a hang, not a wait: a test scores tens of thousands of definitions with no clock or
    // I/O in it, niced beside the other stages, so its wall time follows the load (the TypeScript one
    // passed 300 s at load 20–27 with its older, 2.4× larger corpus).
    testTimeout: 900_000,
  },
});
