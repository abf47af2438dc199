// In-host tests in desktop VS Code through @vscode/test-electron, for contributors with
// internet: it downloads VS Code (or uses VSCODE_EXECUTABLE_PATH). CI here has no internet and
// runs the same surfaces end to end in code-server instead (npm run test:e2e).
import { runTests } from '@vscode/test-electron';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

await runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: resolve(here, 'suite/index.cjs'),
  launchArgs: [resolve(root, 'test/fixtures/basic'), '--disable-extensions'],
  ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
});
