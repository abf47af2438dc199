// Proves the end-to-end machinery on a throwaway extension: VSIX install into code-server,
// a workspace opened in headless chromium, a palette command with an input box, a notification,
// a file written by the extension host, and a webview talking to its extension.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import {
  artifactsDir,
  fillInputBox,
  launchBrowser,
  notification,
  openFolder,
  runCommand,
  screenshot,
  webviewFrame,
  type Browser,
} from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { buildSmokeVsix, smokeExtension } from './smokeExtension';

describe('e2e machinery (smoke extension in code-server)', () => {
  let tmp: string;
  let workspace: string;
  let server: CodeServer;
  let browser: Browser;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rlm-e2e-smoke-'));
    workspace = join(tmp, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'README.md'), '# smoke workspace\n');
    const vsix = buildSmokeVsix(tmp);
    server = await startCodeServer({ vsix: [vsix] });
    browser = await launchBrowser();
    await openFolder(browser.page, server.url, workspace);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  function keepEvidenceOnFailure(name: string): void {
    onTestFailed(async () => {
      await screenshot(browser.page, `${name}-failed`).catch(() => undefined);
      server.collectLogs(join(artifactsDir, `${name}-logs`));
    });
  }

  test('the extension is installed', () => {
    expect(existsSync(join(server.extensionsDir, `${smokeExtension.id}-0.0.1`, 'package.json'))).toBe(true);
  });

  test('a palette command asks in an input box, writes into the workspace and notifies', async () => {
    keepEvidenceOnFailure('smoke-command');
    const { page } = browser;
    await runCommand(page, smokeExtension.helloCommand);
    await fillInputBox(page, 'code-server', { placeholder: 'a name' });
    await notification(page, 'E2E smoke: hello code-server').waitFor({ state: 'visible' });
    await expect.poll(() => readIfExists(join(workspace, smokeExtension.resultFile))).toBe('hello code-server\n');
    // The workbench hears of a file the extension host wrote only through the server's file
    // watcher, which can miss events on a loaded machine; a refresh shows the explorer and
    // makes it re-read the folder.
    await runCommand(page, 'Refresh Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: smokeExtension.resultFile }).waitFor({ state: 'visible' });
    await screenshot(page, 'smoke-command');
  });

  test('a webview renders and exchanges messages with the extension host', async () => {
    keepEvidenceOnFailure('smoke-webview');
    const { page } = browser;
    await runCommand(page, smokeExtension.webviewCommand);
    const frame = webviewFrame(page);
    await expect.poll(() => frame.locator('#greeting').textContent()).toBe('Hello from the webview');
    await frame.locator('#ping').click();
    await expect.poll(() => frame.locator('#reply').textContent()).toBe('pong from the extension host');
    await screenshot(page, 'smoke-webview');
  });
});

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
