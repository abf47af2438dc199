// End-to-end tests in a real VS Code (code-server in headless chromium), run by `npm test`
// after the unit suite (or alone with `npm run test:e2e`); scripts/e2e/install.sh sets them up.
// Three projects in one run, instead of three vitest runs one after
// the other: `main` (every file on code-server 4.100.3), `quickjs` (panel, folder and
// cancel again with rlm.sandboxEngine quickjs) and `next` (the MCP listing on code-server 4.139.1,
// from scripts/e2e/install-next.sh). `--project <name>` runs one of them.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const next = resolve(import.meta.dirname, '.e2e-next');

export default defineConfig({
  test: {
    // Packages the VSIX when stale and keeps one install of each VSIX for the run's sessions to copy.
    globalSetup: ['test/e2e/globalSetup.ts'],
    reporters: ['default', './test/summaryReporter.mts'],
    pool: 'forks',
    // One code-server and one chromium at a time: 2 cores, and the workbench is timing-sensitive
    // (two at a time at load 25: history.e2e's runs ended Partial, twice).
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    // A real workbench has timing hiccups (a context menu that opens late); one retry absorbs
    // those while a real failure still fails twice.
    retry: 1,
    hookTimeout: 180_000,
    // playwright's waits have their own timeouts; expect.poll gets a generous one.
    expect: { poll: { timeout: 30_000, interval: 200 } },
    projects: [
      { extends: true, test: { name: 'main', include: ['test/e2e/**/*.e2e.ts'] } },
      {
        extends: true,
        test: {
          name: 'quickjs',
          include: ['test/e2e/panel.e2e.ts', 'test/e2e/folder.e2e.ts', 'test/e2e/cancel.e2e.ts'],
          env: { E2E_SANDBOX_ENGINE: 'quickjs' },
        },
      },
      {
        extends: true,
        test: {
          name: 'next',
          include: ['test/e2e/mcpServers.e2e.ts'],
          // code-server 4.139.1 runs on the Node 24 installed beside it.
          env: {
            PATH: `${next}/node/bin:${process.env.PATH ?? ''}`,
            CODE_SERVER_BIN: `${next}/code-server/node_modules/.bin/code-server`,
          },
        },
      },
    ],
  },
});
