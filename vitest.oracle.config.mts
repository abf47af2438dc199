// The oracle stage: our symbols scored against Python's `ast` over the machine's standard library
// and against the TypeScript compiler over src/, test/ and node_modules (~35 s on an idle machine). The figures move
// with the Python version and dependency updates, so this is its own command (`npm run
// test:oracle`, a separate stage of .ci/run), not part of the unit suite. Each test prints its score.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.oracle.ts'],
    reporters: ['default', './test/summaryReporter.mts'],
    pool: 'forks',
    // Minutes, not seconds: a single test scores tens of thousands of definitions (≈ 100 s on a loaded 2-core machine).
    testTimeout: 300_000,
  },
});
