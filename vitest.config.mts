import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The adversarial suite times its bombs with the real clock: its own stage (vitest.security.config.mts).
    exclude: ['test/security/**', '**/node_modules/**'],
    globalSetup: ['test/globalSetup.ts'],
    reporters: ['default', './test/summaryReporter.mts'],
    // isolated-vm and ripgrep are native; forks keep each test file in its own process.
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default is cores − 1): the files wait on child
    // processes and sockets much of the time, and their timing runs on the fake clock.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Generous bounds, not waits: under load 20 with two workers three CLI/worker tests of 2–4 s
    // passed 30 s, and a dispose polled for with the default 1 s came later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 10_000 } },
  },
});
