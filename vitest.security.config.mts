// The adversarial stage (`npm run test:security`, part of `npm test`): escapes, outside reads,
// secret leaks, resource bombs and hostile answers on both sandbox engines, each file printing
// its counts. Its own command because the bombs are timed against their limits with the real
// clock — a security guarantee ("cleared within the limit + 1 s"), which the unit suite, on the
// fake clock, does not measure.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/security/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    reporters: ['default', './test/summaryReporter.mts'],
    pool: 'forks',
    // One file at a time: the bombs measure how fast a limit holds, so they should not share the CPU.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
