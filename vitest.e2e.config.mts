// End-to-end tests in a real VS Code (code-server in headless chromium), run by `npm test`
// after the unit suite (or alone with `npm run test:e2e`); scripts/e2e/install.sh sets them up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // Packages the VSIX when stale and keeps one install of each VSIX for the run's sessions to copy.
    globalSetup: ['test/e2e/globalSetup.ts'],
    reporters: ['default', './test/summaryReporter.mts'],
    pool: 'forks',
    // One code-server and one chromium at a time: 2 cores, and the workbench is timing-sensitive.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    // A real workbench has timing hiccups (a context menu that opens late); one retry absorbs
    // those while a real failure still fails twice.
    retry: 1,
    hookTimeout: 180_000,
    // playwright's waits have their own timeouts; expect.poll gets a generous one.
    expect: { poll: { timeout: 30_000, interval: 200 } },
  },
});
