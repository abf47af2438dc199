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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
